// The Hookwire dashboard and customer portal: one small script, no framework, no CDN.
// Every value from the server is put in the page as text (textContent), never as HTML.
const body = document.body;
const mode = body.dataset.mode;
const prefix = body.dataset.prefix;
const root = document.getElementById("app");
const state = {
  csrf: "",
  owner: "",
  token: "",
  subs: [],
  view: "subscriptions",
  filter: {},
  cursor: null,
  open: null,
};

if (mode === "portal") {
  const fromHash = location.hash.slice(1);
  if (fromHash) {
    sessionStorage.setItem("hookwire-portal", fromHash);
    history.replaceState(null, "", location.pathname);
  }
  state.token = sessionStorage.getItem("hookwire-portal") || "";
}

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Number.POSITIVE_INFINITY)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// replaceChildren() with h()'s rules: nested lists flattened, null/undefined/false left out.
function fill(el, ...children) {
  el.replaceChildren(
    ...children.flat(Number.POSITIVE_INFINITY).filter((c) => c !== null && c !== undefined && c !== false),
  );
}

const time = (ms) => (ms ? new Date(ms).toISOString().replace("T", " ").slice(0, 19) : "");
const toMs = (local) => (local ? new Date(local).getTime() : undefined);

async function call(path, method = "GET", data) {
  const headers = {};
  if (state.token) headers.authorization = `Portal ${state.token}`;
  if (method !== "GET") headers["x-csrf-token"] = state.csrf;
  if (data !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${prefix}/api/${path}`, {
    method,
    headers,
    credentials: "same-origin",
    body: data === undefined ? undefined : JSON.stringify(data),
  });
  if (res.status === 204) return null;
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = new Error(json.error?.message || `HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  return json;
}

function notice(text, kind = "ok") {
  const box = document.getElementById("notice");
  if (!box) return;
  box.className = `notice ${kind}`;
  box.textContent = text;
}

async function guarded(fn) {
  try {
    await fn();
  } catch (e) {
    notice(e.message, "error");
  }
}

function form(id, fields, submit, onSubmit) {
  const f = h("form", { id, class: "row" }, fields, h("button", { type: "submit" }, submit));
  f.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(f));
    void guarded(() => onSubmit(data, f));
  });
  return f;
}

const input = (name, label, attrs = {}) =>
  h("label", {}, label, h("input", { name, "aria-label": label, ...attrs }));

function subSelect(name, label, all) {
  return h(
    "label",
    {},
    label,
    h(
      "select",
      { name, "aria-label": label },
      all ? h("option", { value: "" }, all) : null,
      state.subs.map((s) => h("option", { value: s.id }, `${s.description || s.url} (${s.id})`)),
    ),
  );
}

// ---- sign-in (dashboard) ----------------------------------------------------------------------
function showLogin(message) {
  fill(
    root,
    h(
      "section",
      { class: "login" },
      h("h1", {}, "Hookwire"),
      h("p", {}, "Sign in with the dispatcher's API key. It is sent once and never kept in this page."),
      form(
        "login",
        [input("key", "API key", { type: "password", autocomplete: "off", required: true })],
        "Sign in",
        async (d, f) => {
          const r = await call("login", "POST", { key: d.key });
          f.reset();
          state.csrf = r.csrf;
          state.owner = r.owner;
          await start();
        },
      ),
      h("p", { id: "notice", class: "notice error" }, message || ""),
    ),
  );
}

// ---- layout -----------------------------------------------------------------------------------
const VIEWS =
  mode === "portal"
    ? [
        ["subscriptions", "Endpoints"],
        ["deliveries", "Deliveries"],
        ["charts", "Charts"],
        ["event-types", "Event types"],
        ["send", "Send a test event"],
      ]
    : [
        ["subscriptions", "Subscriptions"],
        ["deliveries", "Deliveries"],
        ["charts", "Charts"],
        ["event-types", "Event types"],
      ];

function layout() {
  fill(
    root,
    h(
      "header",
      {},
      h("strong", {}, mode === "portal" ? "Webhooks" : "Hookwire"),
      h("span", { class: "owner" }, state.owner ? `owner: ${state.owner}` : ""),
      h("span", { id: "live", class: "live off" }, "offline"),
      mode === "dashboard"
        ? h(
            "button",
            {
              id: "logout",
              onclick: () =>
                void guarded(async () => {
                  await call("logout", "POST");
                  showLogin("Signed out.");
                }),
            },
            "Sign out",
          )
        : null,
    ),
    h(
      "nav",
      {},
      VIEWS.map(([v, label]) =>
        h(
          "button",
          { dataset: { view: v }, class: state.view === v ? "active" : "", onclick: () => void go(v) },
          label,
        ),
      ),
    ),
    h("p", { id: "notice", class: "notice" }),
    h("section", { id: "view" }),
  );
}

async function go(view) {
  state.view = view;
  state.open = null;
  for (const b of root.querySelectorAll("nav button")) b.className = b.dataset.view === view ? "active" : "";
  await guarded(async () => {
    state.subs = (await call("v1/subscriptions?limit=250")).items;
    const el = document.getElementById("view");
    if (view === "subscriptions") fill(el, ...subscriptionsView());
    else if (view === "deliveries") {
      fill(el, ...deliveriesView());
      await loadDeliveries(false);
    } else if (view === "event-types") fill(el, ...(await eventTypesView()));
    else if (view === "send") fill(el, ...(await sendView()));
    else if (view === "charts") fill(el, ...(await chartsView()));
  });
}

// ---- subscriptions ----------------------------------------------------------------------------
function subscriptionsView() {
  const rows = state.subs.map((s) =>
    h(
      "tr",
      { dataset: { id: s.id } },
      h("td", { class: "mono" }, s.id),
      h("td", {}, s.url),
      h("td", {}, s.eventTypes.join(", ")),
      h("td", {}, h("span", { class: `status status-${s.status}` }, s.status)),
      h("td", {}, s.description),
      h(
        "td",
        { class: "actions" },
        h("button", { onclick: () => editSub(s) }, "Edit"),
        h(
          "button",
          {
            onclick: () =>
              void guarded(async () => {
                await call(`v1/subscriptions/${s.id}`, "PATCH", {
                  status: s.status === "active" ? "paused" : "active",
                });
                await go("subscriptions");
                notice(`${s.id} ${s.status === "active" ? "paused" : "resumed"}.`);
              }),
          },
          s.status === "active" ? "Pause" : "Resume",
        ),
        h(
          "button",
          {
            onclick: () =>
              void guarded(async () => {
                const r = await call(`v1/subscriptions/${s.id}/rotate-secret`, "POST");
                await go("subscriptions");
                notice(`New secret for ${s.id}: ${r.secret} (the old one keeps signing for a grace period).`);
              }),
          },
          "Rotate secret",
        ),
        h(
          "button",
          {
            class: "danger",
            onclick: () =>
              void guarded(async () => {
                if (!confirm(`Delete ${s.id}?`)) return;
                await call(`v1/subscriptions/${s.id}`, "DELETE");
                await go("subscriptions");
                notice(`${s.id} deleted.`);
              }),
          },
          "Delete",
        ),
      ),
    ),
  );
  return [
    h("h2", {}, "New subscription"),
    form(
      "new-sub",
      [
        input("url", "Endpoint URL", {
          type: "url",
          required: true,
          placeholder: "https://example.com/webhooks",
        }),
        input("eventTypes", "Event types", { required: true, placeholder: "invoice.paid, user.*" }),
        input("description", "Description"),
      ],
      "Create",
      async (d) => {
        const created = await call("v1/subscriptions", "POST", {
          url: d.url,
          eventTypes: d.eventTypes
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean),
          ...(d.description ? { description: d.description } : {}),
        });
        await go("subscriptions");
        notice(`Created ${created.id}. Its signing secret: ${created.secret}`);
      },
    ),
    h("div", { id: "edit" }),
    h(
      "table",
      { id: "subs" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Id", "URL", "Event types", "Status", "Description", ""].map((t) => h("th", {}, t)),
        ),
      ),
      h("tbody", {}, rows),
    ),
  ];
}

function editSub(s) {
  fill(
    document.getElementById("edit"),
    h("h2", {}, `Edit ${s.id}`),
    form(
      "edit-sub",
      [
        input("url", "Endpoint URL", { type: "url", required: true, value: s.url }),
        input("eventTypes", "Event types", { required: true, value: s.eventTypes.join(", ") }),
        input("description", "Description", { value: s.description }),
      ],
      "Save",
      async (d) => {
        await call(`v1/subscriptions/${s.id}`, "PATCH", {
          url: d.url,
          eventTypes: d.eventTypes
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean),
          description: d.description,
        });
        await go("subscriptions");
        notice(`${s.id} saved.`);
      },
    ),
  );
}

// ---- deliveries -------------------------------------------------------------------------------
function deliveriesView() {
  const statusSelect = h(
    "label",
    {},
    "Status",
    h(
      "select",
      { name: "status", "aria-label": "Status" },
      ["", "pending", "delivered", "failed"].map((s) => h("option", { value: s }, s || "any")),
    ),
  );
  return [
    form(
      "filters",
      [
        statusSelect,
        input("eventType", "Event type"),
        subSelect("subscriptionId", "Subscription", "any"),
        input("since", "Since", { type: "datetime-local" }),
        input("until", "Until", { type: "datetime-local" }),
      ],
      "Filter",
      async (d) => {
        state.filter = {
          status: d.status,
          eventType: d.eventType,
          subscriptionId: d.subscriptionId,
          since: toMs(d.since),
          until: toMs(d.until),
        };
        await loadDeliveries(false);
      },
    ),
    h(
      "table",
      { id: "deliveries" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Created", "Delivery", "Event type", "Subscription", "Status", "Attempts", "Last HTTP status"].map(
            (t) => h("th", {}, t),
          ),
        ),
      ),
      h("tbody", {}),
    ),
    h(
      "button",
      { id: "more", hidden: true, onclick: () => void guarded(() => loadDeliveries(true)) },
      "Load more",
    ),
    h("div", { id: "details" }),
    h("h2", {}, "Recover failed deliveries"),
    form(
      "recover",
      [
        subSelect("subscriptionId", "Subscription"),
        input("since", "Since", { type: "datetime-local", required: true }),
        input("until", "Until", { type: "datetime-local" }),
      ],
      "Recover",
      async (d) => {
        const until = toMs(d.until);
        const r = await call(`subscriptions/${encodeURIComponent(d.subscriptionId)}/recover`, "POST", {
          since: toMs(d.since),
          ...(until ? { until } : {}),
        });
        notice(`Recovered ${r.recovered} failed deliveries.`);
        await loadDeliveries(false);
      },
    ),
  ];
}

function matches(d) {
  const f = state.filter;
  return (
    (!f.status || d.status === f.status) &&
    (!f.eventType || d.eventType === f.eventType) &&
    (!f.subscriptionId || d.subscriptionId === f.subscriptionId) &&
    (!f.since || d.createdAt >= f.since) &&
    (!f.until || d.createdAt < f.until)
  );
}

function deliveryRow(d) {
  return h(
    "tr",
    { dataset: { id: d.id }, class: "clickable", onclick: () => void guarded(() => openDelivery(d.id)) },
    h("td", {}, time(d.createdAt)),
    h("td", { class: "mono" }, d.id),
    h("td", {}, d.eventType),
    h("td", { class: "mono" }, d.subscriptionId),
    h("td", {}, h("span", { class: `status status-${d.status}` }, d.status)),
    h("td", {}, d.attempts),
    h("td", {}, d.lastStatus ?? ""),
  );
}

async function loadDeliveries(more) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filter)) if (v) q.set(k, String(v));
  if (!state.filter.since) q.set("since", String(Date.now() - 7 * 86400_000));
  if (more && state.cursor) q.set("cursor", state.cursor);
  const page = await call(`deliveries?${q}`);
  const tbody = document.querySelector("#deliveries tbody");
  if (!tbody) return;
  if (!more) fill(tbody);
  // a live update may be newer than this page (the list was read before the attempt was recorded)
  for (const d of page.items) tbody.append(deliveryRow(newest(d)));
  state.cursor = page.nextCursor;
  document.getElementById("more").hidden = !page.nextCursor;
}

// The newest state seen of each delivery (from pages and live events), so an older read never
// overwrites a newer live update.
const seen = new Map();
function newest(d, live = false) {
  const known = seen.get(d.id);
  // on a tie the live event wins over a page read
  if (known && (known.updatedAt > d.updatedAt || (!live && known.updatedAt === d.updatedAt))) return known;
  seen.set(d.id, d);
  if (seen.size > 5000) seen.delete(seen.keys().next().value);
  return d;
}

function upsertDelivery(live) {
  const d = newest(live, true);
  const tbody = document.querySelector("#deliveries tbody");
  if (!tbody) return;
  const existing = tbody.querySelector(`tr[data-id="${CSS.escape(d.id)}"]`);
  if (existing) existing.replaceWith(deliveryRow(d));
  else if (matches(d)) tbody.append(deliveryRow(d));
  if (state.open === d.id) void guarded(() => openDelivery(d.id));
}

async function openDelivery(id) {
  state.open = id;
  const d = await call(`v1/deliveries/${encodeURIComponent(id)}`);
  const panel = document.getElementById("details");
  if (!panel) return;
  fill(
    panel,
    h("h2", {}, `Delivery ${d.id}`),
    h(
      "dl",
      {},
      [
        ["Event", d.eventId],
        ["Event type", d.eventType],
        ["Subscription", d.subscriptionId],
        ["Status", d.status],
        ["Attempts", d.attempts],
        ["Next attempt", time(d.nextAttemptAt)],
        ["Last error", d.lastError ?? ""],
      ].map(([k, v]) => [h("dt", {}, k), h("dd", { dataset: { field: k } }, v)]),
    ),
    d.status !== "pending"
      ? h(
          "button",
          {
            id: "retry",
            onclick: () =>
              void guarded(async () => {
                await call(`v1/deliveries/${encodeURIComponent(d.id)}/retry`, "POST");
                notice(`${d.id} queued again.`);
                await openDelivery(d.id);
              }),
          },
          "Retry",
        )
      : null,
    h("h3", {}, "Attempts"),
    d.attemptLog.length === 0 ? h("p", {}, "No attempt yet.") : null,
    d.attemptLog.map((a) =>
      h(
        "article",
        { class: "attempt", dataset: { attempt: a.attempt } },
        h("h4", {}, `#${a.attempt} · ${time(a.startedAt)} · HTTP ${a.status ?? "none"} · ${a.durationMs} ms`),
        a.error ? h("p", { class: "error" }, a.error) : null,
        a.requestHeaders
          ? h(
              "table",
              { class: "headers mono" },
              h("caption", {}, "Request headers"),
              h(
                "tbody",
                {},
                Object.entries(a.requestHeaders).map(([name, value]) =>
                  h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, value)),
                ),
              ),
            )
          : null,
        h("h5", {}, "Response"),
        h("pre", { class: "body" }, a.responseBody ?? ""),
      ),
    ),
  );
}

// ---- charts: success rate and mean latency per subscription over time --------------------------
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

function chart(label, points, value, max, unit, color) {
  const w = 320;
  const hgt = 80;
  const t0 = points[0].t;
  const span = Math.max(points[points.length - 1].t - t0, 1);
  const xy = points.map((p) => [
    points.length === 1 ? w / 2 : ((p.t - t0) / span) * w,
    hgt - (value(p) / max) * hgt,
  ]);
  const last = value(points[points.length - 1]);
  return h(
    "figure",
    { class: "chart", dataset: { chart: label } },
    svg(
      "svg",
      { viewBox: `-4 -4 ${w + 8} ${hgt + 8}`, width: w, height: hgt, role: "img", "aria-label": label },
      svg("line", { x1: 0, y1: hgt, x2: w, y2: hgt, stroke: "#d8dce3" }),
      svg("polyline", {
        points: xy.map((p) => p.join(",")).join(" "),
        fill: "none",
        stroke: color,
        "stroke-width": 2,
      }),
      ...xy.map(([x, y]) => svg("circle", { cx: x, cy: y, r: 2.5, fill: color })),
    ),
    h("figcaption", {}, `${label}: ${Math.round(last)}${unit} (latest)`),
  );
}

async function chartsView() {
  const { bucketMs, series } = await call("stats");
  const names = new Map(state.subs.map((s) => [s.id, s.description || s.url]));
  return [
    h("p", {}, `Attempts per ${Math.round(bucketMs / 1000)} s since this server started.`),
    series.length === 0 ? h("p", { id: "no-charts" }, "No attempt yet.") : null,
    series.map((s) => {
      const maxMs = Math.max(...s.points.map((p) => p.meanMs), 1);
      const total = s.points.reduce((n, p) => n + p.succeeded + p.failed, 0);
      return h(
        "section",
        { class: "charts", dataset: { id: s.subscriptionId } },
        h("h3", {}, `${names.get(s.subscriptionId) ?? ""} (${s.subscriptionId}) · ${total} attempts`),
        chart(
          "Success rate",
          s.points,
          (p) => (100 * p.succeeded) / (p.succeeded + p.failed),
          100,
          "%",
          "#146c2e",
        ),
        chart("Mean latency", s.points, (p) => p.meanMs, maxMs, " ms", "#2456a6"),
      );
    }),
  ];
}

// ---- event types and test sends ---------------------------------------------------------------
async function eventTypesView() {
  const { items } = await call("v1/event-types");
  return [
    mode === "dashboard"
      ? form(
          "new-type",
          [
            input("name", "Name", { required: true, placeholder: "invoice.paid" }),
            input("description", "Description"),
          ],
          "Declare",
          async (d) => {
            await call("v1/event-types", "POST", {
              name: d.name,
              ...(d.description ? { description: d.description } : {}),
            });
            await go("event-types");
          },
        )
      : null,
    h(
      "table",
      { id: "types" },
      h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Description"))),
      h(
        "tbody",
        {},
        items.map((t) => h("tr", {}, h("td", { class: "mono" }, t.name), h("td", {}, t.description ?? ""))),
      ),
    ),
  ];
}

async function sendView() {
  const { items } = await call("v1/event-types");
  return [
    h("p", {}, "Send a test event to your endpoints that subscribe to its type."),
    form(
      "send",
      [
        h(
          "label",
          {},
          "Event type",
          h(
            "select",
            { name: "type", "aria-label": "Event type" },
            items.map((t) => h("option", { value: t.name }, t.name)),
          ),
        ),
        h(
          "label",
          {},
          "Data (JSON)",
          h("textarea", { name: "data", "aria-label": "Data", rows: 4 }, '{"test": true}'),
        ),
      ],
      "Send",
      async (d) => {
        const r = await call("v1/events", "POST", { type: d.type, data: JSON.parse(d.data || "{}") });
        notice(`Sent ${r.id}: ${r.deliveries} deliveries.`);
      },
    ),
  ];
}

// ---- live updates (server-sent events read with fetch, so the portal token stays in a header) ---
async function live() {
  const headers = state.token ? { authorization: `Portal ${state.token}` } : {};
  const indicator = () => document.getElementById("live");
  for (;;) {
    try {
      const res = await fetch(`${prefix}/api/stream`, { headers, credentials: "same-origin" });
      if (!res.ok || !res.body) return;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const chunk = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          const name = /^event: (.*)$/m.exec(chunk)?.[1];
          const data = /^data: (.*)$/m.exec(chunk)?.[1];
          if (!name) continue;
          if (name === "ready") {
            const el = indicator();
            if (el) {
              el.textContent = "live";
              el.className = "live on";
            }
            continue;
          }
          const payload = data ? JSON.parse(data) : {};
          if (payload.delivery) {
            upsertDelivery(payload.delivery);
            if (state.view === "charts") void go("charts");
          } else if (name === "event.published" && state.view === "deliveries")
            void guarded(() => loadDeliveries(false));
        }
      }
    } catch {
      // reconnect below
    }
    const el = indicator();
    if (el) {
      el.textContent = "offline";
      el.className = "live off";
    }
    await new Promise((r) => setTimeout(r, 3000));
  }
}

async function start() {
  layout();
  await go(state.view);
  void live();
}

(async () => {
  if (mode === "portal" && !state.token) {
    fill(
      root,
      h("p", { class: "notice error" }, "This portal link is missing its token. Ask for a new link."),
    );
    return;
  }
  try {
    const s = await call("session");
    state.csrf = s.csrf;
    state.owner = s.owner;
  } catch (e) {
    if (mode === "dashboard") return showLogin("");
    fill(root, h("p", { id: "notice", class: "notice error" }, e.message));
    return;
  }
  await start();
})();
