import { createSender, memoryStore } from "@hookwire/sender";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createConsole } from "./console.js";

const KEY = "operator-key-0123456789abcdef";
const ACME_KEY = "acme-scoped-key-0123456789";
const EVIL = `<img src=x onerror="alert(1)"><script>alert('x')</script>`;

let failing = true;
function setup() {
  const sender = createSender({
    store: memoryStore(),
    retrySchedule: [0],
    allowPrivateNetwork: true,
    allowHttp: true,
    fetch: (async () =>
      failing
        ? new Response(EVIL, { status: 500, headers: { "content-type": "text/html" } })
        : new Response("ok", { status: 200 })) as typeof fetch,
  });
  const web = createConsole({
    sender,
    apiKeys: [{ key: KEY }, { key: ACME_KEY, owner: "acme" }],
    portalFrameAncestors: ["https://app.example.com"],
  });
  return { sender, web };
}

let ctx: ReturnType<typeof setup>;
beforeEach(() => {
  failing = true;
  ctx = setup();
});
afterEach(async () => {
  ctx.web.close();
  await ctx.sender.close();
});

const ORIGIN = "http://127.0.0.1:8080";
const req = (path: string, init: RequestInit = {}) => ctx.web.fetch(new Request(`${ORIGIN}${path}`, init));
const bearer = (key = KEY) => ({ authorization: `Bearer ${key}` });

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const res = await req("/ui/api/login", {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ key: KEY }),
  });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get("set-cookie")!;
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  expect(setCookie).not.toContain(KEY);
  const body = (await res.json()) as { csrf: string };
  expect(JSON.stringify(body)).not.toContain(KEY);
  return { cookie: setCookie.split(";")[0]!, csrf: body.csrf };
}

describe("health and metrics", () => {
  it("shows delivery counts only to an authenticated caller", async () => {
    const open = (await (await req("/health")).json()) as Record<string, unknown>;
    expect(open).toEqual({ status: "ok" });
    const wrong = (await (await req("/health", { headers: bearer("nope-nope-nope-nope") })).json()) as Record<
      string,
      unknown
    >;
    expect(wrong.deliveries).toBeUndefined();
    const authed = (await (await req("/health", { headers: bearer() })).json()) as Record<string, unknown>;
    expect(authed.deliveries).toEqual({ pending: 0, delivered: 0, failed: 0 });
  });

  it("serves Prometheus metrics behind the API key, counting attempts and dead letters", async () => {
    expect((await req("/metrics")).status).toBe(401);
    await ctx.sender.subscriptions.create({ url: "http://127.0.0.1:9/hook", eventTypes: ["*"] });
    await ctx.sender.publish({ type: "a.b", data: {} });
    await ctx.sender.drain();
    const res = await req("/metrics", { headers: bearer() });
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0.0.4/);
    const text = await res.text();
    expect(text).toContain('hookwire_delivery_attempts_total{outcome="failure"} 1');
    expect(text).toContain("hookwire_deliveries_dead_lettered_total 1");
    expect(text).toContain('hookwire_deliveries{status="failed"} 1');
    expect(text).toContain("hookwire_events_published_total 1");
  });
});

describe("portalFrameAncestors", () => {
  it("accepts origins, wildcard hosts, schemes and 'self', and refuses anything that could end the directive", async () => {
    const sender = createSender({ store: memoryStore() });
    try {
      const web = createConsole({
        sender,
        apiKeys: [{ key: KEY }],
        portalFrameAncestors: ["https://app.example.com", "https://*.example.org:8443", "'self'", "https:"],
      });
      const csp = (await web.fetch(new Request(`${ORIGIN}/portal`))).headers.get("content-security-policy");
      expect(csp).toContain(
        "frame-ancestors https://app.example.com https://*.example.org:8443 'self' https:",
      );
      web.close();
      for (const bad of [
        "https://a.example; script-src *",
        "https://a.example, https://b.example",
        "'none'",
        "'unsafe-inline'",
        "",
      ]) {
        let code = "OK";
        try {
          createConsole({ sender, apiKeys: [{ key: KEY }], portalFrameAncestors: [bad] }).close();
        } catch (error) {
          code = (error as { code?: string }).code ?? "other";
        }
        expect(code, bad).toBe("CONFIGURATION_INVALID");
      }
    } finally {
      await sender.close();
    }
  });

  it("leaves the portal unframeable by default", async () => {
    const sender = createSender({ store: memoryStore() });
    const web = createConsole({ sender, apiKeys: [{ key: KEY }] });
    const res = await web.fetch(new Request(`${ORIGIN}/portal`));
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    web.close();
    await sender.close();
  });
});

describe("dashboard", () => {
  it("serves a page with a strict CSP, no inline script, no CDN and no key", async () => {
    const res = await req("/ui");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).not.toMatch(/<script>(?!<)/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toContain(KEY);
    const js = await (await req("/ui/app.js")).text();
    expect(js.length).toBeGreaterThan(1000);
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it("signs in with the key, refuses a wrong key, and needs the session for the pages' API", async () => {
    expect((await req("/ui/api/session")).status).toBe(401);
    const bad = await req("/ui/api/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ key: "wrong-wrong-wrong-wrong" }),
    });
    expect(bad.status).toBe(401);
    const crossSite = await req("/ui/api/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ key: KEY }),
    });
    expect(crossSite.status).toBe(401);
    const { cookie, csrf } = await signIn();
    const session = (await (await req("/ui/api/session", { headers: { cookie } })).json()) as {
      csrf: string;
    };
    expect(session.csrf).toBe(csrf);
    const forged = `${cookie.slice(0, -3)}abc`;
    expect((await req("/ui/api/session", { headers: { cookie: forged } })).status).toBe(401);
  });

  it("refuses a change without the CSRF token or from another origin", async () => {
    const { cookie, csrf } = await signIn();
    const body = JSON.stringify({ url: "https://example.com/hook", eventTypes: ["*"] });
    const json = { "content-type": "application/json", cookie };
    expect((await req("/ui/api/v1/subscriptions", { method: "POST", headers: json, body })).status).toBe(401);
    expect(
      (
        await req("/ui/api/v1/subscriptions", {
          method: "POST",
          headers: { ...json, "x-csrf-token": "forged" },
          body,
        })
      ).status,
    ).toBe(401);
    expect(
      (
        await req("/ui/api/v1/subscriptions", {
          method: "POST",
          headers: { ...json, "x-csrf-token": csrf, origin: "https://evil.example" },
          body,
        })
      ).status,
    ).toBe(401);
    const ok = await req("/ui/api/v1/subscriptions", {
      method: "POST",
      headers: { ...json, "x-csrf-token": csrf, origin: ORIGIN },
      body,
    });
    expect(ok.status).toBe(201);
  });

  it("filters deliveries by subscription, event type, status and time, and recovers a window", async () => {
    const { cookie, csrf } = await signIn();
    const a = await ctx.sender.subscriptions.create({ url: "http://127.0.0.1:9/a", eventTypes: ["*"] });
    const b = await ctx.sender.subscriptions.create({ url: "http://127.0.0.1:9/b", eventTypes: ["order.*"] });
    await ctx.sender.publish({ type: "order.paid", data: {} });
    await ctx.sender.publish({ type: "user.created", data: {} });
    await ctx.sender.drain();
    const list = async (q: string) =>
      (
        (await (await req(`/ui/api/deliveries?${q}`, { headers: { cookie } })).json()) as {
          items: { subscriptionId: string; eventType: string; status: string }[];
        }
      ).items;
    expect((await list("")).length).toBe(3);
    expect((await list(`subscriptionId=${b.id}`)).map((d) => d.eventType)).toEqual(["order.paid"]);
    expect((await list("eventType=user.created")).map((d) => d.subscriptionId)).toEqual([a.id]);
    expect((await list("status=failed")).length).toBe(3);
    expect((await list("status=delivered")).length).toBe(0);
    expect((await list(`since=${Date.now() + 60_000}`)).length).toBe(0);
    expect((await list(`until=${Date.now() - 60_000}`)).length).toBe(0);

    const recovered = await req(`/ui/api/subscriptions/${a.id}/recover`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf, origin: ORIGIN },
      body: JSON.stringify({ since: Date.now() - 60_000 }),
    });
    expect(await recovered.json()).toEqual({ recovered: 2 });
    expect((await list(`subscriptionId=${a.id}&status=pending`)).length).toBe(2);
    expect((await list(`subscriptionId=${b.id}&status=failed`)).length).toBe(1);

    // the same filters on the management API, with the key
    const viaApi = (await (
      await req(`/v1/deliveries?subscriptionId=${b.id}&since=${Date.now() - 60_000}`, { headers: bearer() })
    ).json()) as { items: { eventType: string }[] };
    expect(viaApi.items.map((d) => d.eventType)).toEqual(["order.paid"]);
    expect((await req(`/v1/deliveries?subscriptionId=${b.id}`)).status).toBe(401);
    expect((await req(`/v1/deliveries?subscriptionId=${b.id}`, { headers: bearer(ACME_KEY) })).status).toBe(
      200,
    );
    const acmeView = (await (
      await req(`/v1/deliveries?subscriptionId=${b.id}`, { headers: bearer(ACME_KEY) })
    ).json()) as { items: unknown[] };
    expect(acmeView.items).toEqual([]);
  });

  it("returns the attempt's request headers and response excerpt as JSON data (the page shows them as text)", async () => {
    const { cookie } = await signIn();
    const sub = await ctx.sender.subscriptions.create({
      url: "http://127.0.0.1:9/a",
      eventTypes: ["*"],
      headers: { "x-markup": EVIL },
    });
    await ctx.sender.publish({ type: "x.y", data: {} });
    await ctx.sender.drain();
    const [d] = (await ctx.sender.deliveries.list({})).items;
    const res = await req(`/ui/api/v1/deliveries/${d!.id}`, { headers: { cookie } });
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const body = (await res.json()) as {
      attemptLog: { responseBody: string; requestHeaders: Record<string, string> }[];
    };
    expect(body.attemptLog[0]!.responseBody).toBe(EVIL);
    const headers = body.attemptLog[0]!.requestHeaders;
    expect(headers["x-markup"]).toBe(EVIL);
    expect(headers["webhook-id"]).toBe(d!.eventId);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(JSON.stringify(body)).not.toContain(sub.secret.slice("whsec_".length));
  });

  it("streams live delivery updates for the session's owner only", async () => {
    const { cookie } = await signIn();
    const abort = new AbortController();
    const res = await req("/ui/api/stream", { headers: { cookie }, signal: abort.signal });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("event: ready")) text += (await reader.read()).value ?? "";
    await ctx.sender.subscriptions.create({
      url: "http://127.0.0.1:9/acme",
      eventTypes: ["*"],
      owner: "acme",
    });
    await ctx.sender.publish({ type: "x.y", data: {}, owner: "acme" });
    const mine = await ctx.sender.subscriptions.create({ url: "http://127.0.0.1:9/a", eventTypes: ["*"] });
    await ctx.sender.publish({ type: "x.y", data: {} });
    await ctx.sender.drain();
    while (!text.includes("event: delivery.failed")) text += (await reader.read()).value ?? "";
    expect(text).toContain(mine.id);
    expect(text).not.toContain("acme");
    abort.abort();
    await reader.cancel().catch(() => {});
  });
});

describe("charts", () => {
  it("serves success rate and latency per subscription over time, for the session's owner only", async () => {
    const { cookie } = await signIn();
    const mine = await ctx.sender.subscriptions.create({ url: "http://127.0.0.1:9/a", eventTypes: ["*"] });
    await ctx.sender.subscriptions.create({ url: "http://127.0.0.1:9/b", eventTypes: ["*"], owner: "acme" });
    await ctx.sender.publish({ type: "x.y", data: {} });
    await ctx.sender.publish({ type: "x.y", data: {}, owner: "acme" });
    await ctx.sender.drain();
    failing = false;
    await ctx.sender.publish({ type: "x.y", data: {} });
    await ctx.sender.drain();
    const body = (await (await req("/ui/api/stats", { headers: { cookie } })).json()) as {
      bucketMs: number;
      series: { subscriptionId: string; points: { succeeded: number; failed: number; meanMs: number }[] }[];
    };
    expect(body.bucketMs).toBe(60_000);
    expect(body.series.map((s) => s.subscriptionId)).toEqual([mine.id]);
    const totals = body.series[0]!.points.reduce(
      (n, p) => ({ ok: n.ok + p.succeeded, fail: n.fail + p.failed }),
      { ok: 0, fail: 0 },
    );
    expect(totals).toEqual({ ok: 1, fail: 1 });
    expect(body.series[0]!.points.every((p) => p.meanMs >= 0)).toBe(true);
  });
});

describe("portal", () => {
  async function link(owner: string, key = KEY, expiresIn = 600) {
    const res = await req("/v1/portal-links", {
      method: "POST",
      headers: { ...bearer(key), "content-type": "application/json" },
      body: JSON.stringify({ owner, expiresIn }),
    });
    return res;
  }

  it("opens a link scoped to one owner; another owner's data is refused", async () => {
    const acmeSub = await ctx.sender.subscriptions.create({
      url: "http://127.0.0.1:9/acme",
      eventTypes: ["*"],
      owner: "acme",
    });
    const globexSub = await ctx.sender.subscriptions.create({
      url: "http://127.0.0.1:9/globex",
      eventTypes: ["*"],
      owner: "globex",
    });
    const res = await link("acme");
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8080\/portal#/);
    const token = url.split("#")[1]!;
    const portal = { authorization: `Portal ${token}` };
    const page = await req("/portal");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors https://app.example.com");
    const subs = (await (await req("/portal/api/v1/subscriptions", { headers: portal })).json()) as {
      items: { id: string }[];
    };
    expect(subs.items.map((s) => s.id)).toEqual([acmeSub.id]);
    expect((await req(`/portal/api/v1/subscriptions/${globexSub.id}`, { headers: portal })).status).toBe(404);
    const session = (await (await req("/portal/api/session", { headers: portal })).json()) as {
      csrf: string;
    };
    const del = await req(`/portal/api/v1/subscriptions/${globexSub.id}`, {
      method: "DELETE",
      headers: { ...portal, "x-csrf-token": session.csrf },
    });
    expect(del.status).toBe(404);
    expect(await ctx.sender.subscriptions.get(globexSub.id)).toBeTruthy();
    expect(
      (await req("/portal/api/v1/subscriptions", { headers: { authorization: `Portal ${token}x` } })).status,
    ).toBe(401);
    expect((await req("/portal/api/v1/subscriptions")).status).toBe(401);
    // a dot segment cannot turn an allowed route into a refused one after the check
    const sneaky = await req("/portal/api/v1/subscriptions/%2E%2E/event-types", {
      method: "POST",
      headers: { ...portal, "x-csrf-token": session.csrf, "content-type": "application/json" },
      body: JSON.stringify({ name: "sneaky" }),
    });
    expect(sneaky.status).not.toBe(201);
    expect(await ctx.sender.eventTypes.list()).toEqual([]);
    expect(
      (
        await req("/portal/api/v1/event-types", {
          method: "POST",
          headers: { ...portal, "x-csrf-token": session.csrf, "content-type": "application/json" },
          body: JSON.stringify({ name: "x" }),
        })
      ).status,
    ).toBe(401);
  });

  it("refuses a key scoped to one owner a link for another, and bad expiries", async () => {
    expect((await link("acme", ACME_KEY)).status).toBe(201);
    expect((await link("globex", ACME_KEY)).status).toBe(404);
    expect((await link("acme", KEY, 5)).status).toBe(400);
    expect((await req("/v1/portal-links", { method: "POST", body: "{}" })).status).toBe(401);
  });

  it("an expired link is refused", async () => {
    const web = createConsole({
      sender: ctx.sender,
      apiKeys: [{ key: KEY }],
      sessionKey: new Uint8Array(32),
    });
    const { tokenSigner } = await import("./session.js");
    const token = tokenSigner(Buffer.alloc(32)).sign({
      kind: "portal",
      owner: "acme",
      exp: Date.now() - 1,
      csrf: "c",
    });
    const res = await web.fetch(
      new Request(`${ORIGIN}/portal/api/session`, { headers: { authorization: `Portal ${token}` } }),
    );
    expect(res.status).toBe(401);
    const valid = tokenSigner(Buffer.alloc(32)).sign({
      kind: "portal",
      owner: "acme",
      exp: Date.now() + 60_000,
      csrf: "c",
    });
    const ok = await web.fetch(
      new Request(`${ORIGIN}/portal/api/session`, { headers: { authorization: `Portal ${valid}` } }),
    );
    expect(ok.status).toBe(200);
    // an operator cookie is not a portal token and vice versa
    const asCookie = await web.fetch(
      new Request(`${ORIGIN}/ui/api/session`, { headers: { cookie: `hookwire_session=${valid}` } }),
    );
    expect(asCookie.status).toBe(401);
    web.close();
  });
});

describe("client bundle", () => {
  it("is the current build of src/ui/client.js and client.css", async () => {
    const { spawnSync } = await import("node:child_process");
    const run = spawnSync(process.execPath, ["scripts/build-ui.mjs", "--check"], {
      cwd: new URL("..", import.meta.url),
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
