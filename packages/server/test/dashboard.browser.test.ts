// The dashboard and the portal in a real browser: Debian's chromium driven by playwright-core, against a
// real `hookwire serve` (the CLI from packages/cli, run from source; HTTP server, worker, SQLite file)
// on 127.0.0.1 and a real receiver. Every wait is for
// an observed condition in the page; the timeouts only end a broken run. HOOKWIRE_SCREENSHOT=1 rewrites
// docs/dashboard.png.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = process.env.HOOKWIRE_CHROMIUM ?? "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === "true")
  throw new Error(
    `${CHROMIUM} is missing: .ci/run installs Debian's chromium (apt-get install -y chromium).`,
  );

const KEY = "browser-test-operator-key-0123";
const ACME_KEY = "browser-test-acme-key-0123456";
const GLOBEX_KEY = "browser-test-globex-key-012345";
const CLI = new URL("../../cli/src/bin.ts", import.meta.url).pathname;
const EVIL = `<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2;alert(2)</script>`;
const BOUND = { timeout: 60_000 };

let receiverFails = true;
let receiver: Server;
let receiverUrl = "";
let serve: ChildProcess;
let base = "";
let context: BrowserContext;
let page: Page;
const dialogs: string[] = [];
const dir = mkdtempSync(join(tmpdir(), "hookwire-browser-"));

const api = async (path: string, body?: unknown, key = KEY) =>
  fetch(`${base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

const localInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

const row = (id: string) => page.locator(`#deliveries tr[data-id="${id}"]`);

describe.skipIf(!available)("dashboard and portal in chromium", () => {
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        if (receiverFails) {
          res.writeHead(500, { "content-type": "text/html" });
          res.end(EVIL);
        } else {
          res.writeHead(200);
          res.end("ok");
        }
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    serve = spawn(
      process.execPath,
      [
        "--conditions=@hookwire/source",
        "--import",
        "tsx",
        CLI,
        "serve",
        "--port",
        "0",
        "--database",
        join(dir, "hookwire.db"),
        "--api-key",
        KEY,
        "--api-key",
        `${ACME_KEY}:acme`,
        "--api-key",
        `${GLOBEX_KEY}:globex`,
        "--allow-private-network",
        "--retry-schedule",
        "0",
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    base = await new Promise<string>((resolve, reject) => {
      let out = "";
      serve.stdout!.setEncoding("utf8");
      serve.stdout!.on("data", (chunk: string) => {
        out += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      serve.once("exit", (code) => reject(new Error(`hookwire serve exited (${code}):\n${out}`)));
    });
    context = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(BOUND.timeout);
    page.on("pageerror", (error) => dialogs.push(`page error: ${error.message}`));
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (serve && serve.exitCode === null) {
      const exited = once(serve, "exit");
      serve.kill("SIGTERM");
      await exited;
    }
    receiver?.closeAllConnections();
    receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("signs in, creates a subscription, watches a delivery live, opens its attempt, retries and recovers", async () => {
    await page.goto(`${base}/ui`);
    await page.getByLabel("API key").fill("wrong-key-wrong-key-wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#notice", { hasText: "not valid" }).waitFor();
    await page.getByLabel("API key").fill(KEY);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#live.on").waitFor();
    const cookies = await context.cookies(`${base}/ui`);
    expect(cookies.find((c) => c.name === "hookwire_session")?.httpOnly).toBe(true);
    expect(await page.content()).not.toContain(KEY);

    // create a subscription whose description is markup: it must show as text
    await page.getByLabel("Endpoint URL").fill(receiverUrl);
    await page.getByLabel("Event types").fill("order.*");
    await page.getByLabel("Description").fill(EVIL);
    await page.getByRole("button", { name: "Create" }).click();
    await page.locator("#notice", { hasText: "Created sub_" }).waitFor();
    const subId = await page.locator("#subs tbody tr").first().getAttribute("data-id");
    expect(subId).toMatch(/^sub_/);
    await expect.poll(() => page.locator("#subs tbody tr td").nth(4).textContent()).toBe(EVIL);
    expect(await page.locator("#subs img, #subs script").count()).toBe(0);

    // a header whose value is markup: the attempt view must show it as text
    const patched = await fetch(`${base}/v1/subscriptions/${subId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ headers: { "x-markup": EVIL } }),
    });
    expect(patched.status).toBe(200);

    // publish while the deliveries view is open: the delivery appears and fails live
    await page.getByRole("button", { name: "Deliveries" }).click();
    await page.locator("#filters").waitFor();
    const published = (await (
      await api("/v1/events", { type: "order.paid", data: { html: EVIL } })
    ).json()) as {
      id: string;
    };
    expect(published.id).toBeTruthy();
    await page.locator("#deliveries tbody tr .status-failed").first().waitFor();
    const deliveryId = (await page.locator("#deliveries tbody tr").first().getAttribute("data-id"))!;

    // its attempt: status, latency and the response excerpt, escaped
    await row(deliveryId).click();
    await page.locator("#details .attempt").first().waitFor();
    expect(await page.locator("#details .attempt h4").first().textContent()).toContain("HTTP 500");
    expect(await page.locator("#details pre.body").first().textContent()).toBe(EVIL);
    // the request headers it sent, as text: the subscription's header and the signature
    const headerRow = (name: string) =>
      page
        .locator("#details .attempt")
        .first()
        .locator("table.headers tr", { has: page.locator(`th:text-is("${name}")`) });
    expect(await headerRow("x-markup").locator("td").textContent()).toBe(EVIL);
    expect(await headerRow("webhook-id").locator("td").textContent()).toBe(published.id);
    expect(await headerRow("webhook-signature").locator("td").textContent()).toMatch(/^v1,\S+$/);
    expect(await page.locator("#details img, #details script").count()).toBe(0);

    // retry it against a receiver that now answers 200: it turns delivered live
    receiverFails = false;
    await page.locator("#retry").click();
    await row(deliveryId).locator(".status-delivered").waitFor();

    // two more failures, then recover the window
    receiverFails = true;
    await api("/v1/events", { type: "order.created", data: {} });
    await api("/v1/events", { type: "order.shipped", data: {} });
    await expect.poll(() => page.locator("#deliveries .status-failed").count(), BOUND).toBe(2);
    receiverFails = false;
    await page
      .locator("#recover")
      .getByLabel("Since")
      .fill(localInput(Date.now() - 3_600_000));
    await page.locator("#recover").getByRole("button", { name: "Recover" }).click();
    await page.locator("#notice", { hasText: "Recovered 2 failed deliveries." }).waitFor();
    await expect.poll(() => page.locator("#deliveries .status-delivered").count(), BOUND).toBe(3);

    // filters: by subscription and status
    await page.locator("#filters").getByLabel("Status").selectOption("failed");
    await page.locator("#filters").getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => page.locator("#deliveries tbody tr").count(), BOUND).toBe(0);

    await page.locator("#filters").getByLabel("Status").selectOption("");
    await page.locator("#filters").getByRole("button", { name: "Filter" }).click();
    await expect.poll(() => page.locator("#deliveries tbody tr").count(), BOUND).toBe(3);
    // charts: success rate and latency of the subscription (1 failure then 1 success per delivery)
    await page.getByRole("button", { name: "Charts" }).click();
    const charts = page.locator(`section.charts[data-id="${subId}"]`);
    await charts.locator("figure.chart circle").first().waitFor();
    expect(await charts.locator("figure.chart").count()).toBe(2);
    expect(await charts.locator("h3").textContent()).toContain("6 attempts");
    expect(await charts.locator("h3 img, h3 script").count()).toBe(0);
    await page.getByRole("button", { name: "Deliveries" }).click();
    await row(deliveryId).waitFor();

    await row(deliveryId).click();
    await page.locator("#details .attempt").nth(1).waitFor();
    expect(await page.locator("#details").textContent()).not.toMatch(/null|undefined|\[object/);
    if (process.env.HOOKWIRE_SCREENSHOT === "1") {
      const docs = new URL("../../../docs/", import.meta.url);
      mkdirSync(docs, { recursive: true });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: new URL("dashboard.png", docs).pathname, fullPage: true });
    }
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  }, 180_000);

  it("opens a portal link that shows only its owner's endpoints and refuses another owner's", async () => {
    const create = async (key: string, description: string) => {
      const res = await api("/v1/subscriptions", { url: receiverUrl, eventTypes: ["*"], description }, key);
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string };
    };
    const acme = await create(ACME_KEY, "acme endpoint");
    const globex = await create(GLOBEX_KEY, "globex endpoint");
    const res = await api("/v1/portal-links", { owner: "acme", expiresIn: 600 });
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    const portal = await context.newPage();
    await portal.goto(url);
    await portal.locator(`#subs tr[data-id="${acme.id}"]`).waitFor();
    expect(await portal.locator("#subs tbody tr").count()).toBe(1);
    expect(await portal.content()).not.toContain("globex endpoint");
    expect(portal.url()).not.toContain("#"); // the token left the address bar

    const refused = await portal.evaluate(async (id) => {
      const token = sessionStorage.getItem("hookwire-portal");
      const r = await fetch(`/portal/api/v1/subscriptions/${id}`, {
        headers: { authorization: `Portal ${token}` },
      });
      return r.status;
    }, globex.id);
    expect(refused).toBe(404);

    // a test send from the portal reaches only acme's endpoint
    expect((await api("/v1/event-types", { name: "portal.test" })).status).toBe(201);
    await portal.getByRole("button", { name: "Send a test event" }).click();
    await portal.locator("#send select option").first().waitFor({ state: "attached" });
    await portal.getByRole("button", { name: "Send", exact: true }).click();
    await expect
      .poll(() => portal.locator("#notice").textContent(), BOUND)
      .toMatch(/^Sent .*: 1 deliveries\.$/);

    // a key bound to acme cannot open globex's portal
    expect((await api("/v1/portal-links", { owner: "globex" }, ACME_KEY)).status).toBe(404);

    // a tampered token opens nothing
    const tampered = await context.newPage();
    await tampered.goto(`${url.slice(0, -4)}AAAA`);
    await tampered.locator(".notice.error", { hasText: "not valid" }).waitFor();
    await portal.close();
    await tampered.close();
  }, 120_000);
});
