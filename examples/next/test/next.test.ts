import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { githubTestRequest } from "@hookwire/github/testing";
import { stripeTestRequest } from "@hookwire/stripe/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The real framework: `next build` (done by `pnpm build` through turbo, or here when .next is missing
// or older than a source), then `next start` on a free port, and signed webhooks delivered over HTTP.
const root = fileURLToPath(new URL("..", import.meta.url));
const nextBin = fileURLToPath(new URL("../node_modules/next/dist/bin/next", import.meta.url));
const GITHUB_SECRET = "example-github-secret";
const STRIPE_SECRET = "whsec_example_stripe_secret";

/** The newest modification time under the app's sources and the built workspace packages it imports. */
function newestInput(): number {
  const roots = ["app", "pages", "lib", "next.config.mjs", "tsconfig.json", "package.json"].map((p) =>
    join(root, p),
  );
  for (const name of ["core", "github", "next", "stripe"]) {
    const dir = join(root, "node_modules/@hookwire", name);
    if (existsSync(dir)) roots.push(join(realpathSync(dir), "dist"));
  }
  let newest = 0;
  const walk = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const path of roots) walk(path);
  return newest;
}

function buildIsCurrent(): boolean {
  const stamp = join(root, ".next/BUILD_ID");
  return existsSync(stamp) && statSync(stamp).mtimeMs >= newestInput();
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("examples/next under next start", () => {
  let child: ChildProcess;
  let base = "";
  let output = "";

  beforeAll(async () => {
    const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" };
    if (!buildIsCurrent())
      execFileSync(process.execPath, [nextBin, "build"], { cwd: root, env, stdio: "pipe" });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [nextBin, "start", "-H", "127.0.0.1", "-p", String(port)], {
      cwd: root,
      env,
    });
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`next start did not come up:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  afterAll(() => {
    child?.kill("SIGTERM");
  });

  async function deliver(request: Request, path: string): Promise<Response> {
    return fetch(`${base}${path}`, {
      method: "POST",
      headers: request.headers,
      body: await request.arrayBuffer(),
    });
  }

  it("verifies a signed GitHub webhook through the App Router route and runs the typed handler", async () => {
    const request = await githubTestRequest({
      secret: GITHUB_SECRET,
      event: "issues",
      payload: { action: "opened", issue: { number: 4242, title: "From the test" } },
    });
    const response = await deliver(request, "/webhooks/github");
    expect(response.status).toBe(200);
    await expect.poll(() => output, { timeout: 5_000 }).toContain("issue #4242 opened: From the test");
  });

  it("verifies a signed Stripe webhook", async () => {
    const request = await stripeTestRequest({
      secret: STRIPE_SECRET,
      event: "invoice.paid",
      payload: { data: { object: { id: "in_next", amount_paid: 990, currency: "eur" } } },
    });
    expect((await deliver(request, "/webhooks/stripe")).status).toBe(200);
    await expect.poll(() => output, { timeout: 5_000 }).toContain("invoice in_next paid: 990 eur");
  });

  it("refuses a tampered body with 401 and the JSON code", async () => {
    const request = await githubTestRequest({
      secret: GITHUB_SECRET,
      event: "issues",
      payload: { action: "opened", issue: { number: 1 } },
    });
    const body = new Uint8Array(await request.arrayBuffer());
    body[10] = body[10]! ^ 1;
    const response = await fetch(`${base}/webhooks/github`, {
      method: "POST",
      headers: request.headers,
      body,
    });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("SIGNATURE_INVALID");
  });

  it("verifies through the Pages Router API route with the body parser off", async () => {
    const request = await githubTestRequest({
      secret: GITHUB_SECRET,
      event: "issues",
      payload: { action: "opened", issue: { number: 777, title: "Pages" } },
    });
    expect((await deliver(request, "/api/webhooks/github")).status).toBe(200);
    await expect.poll(() => output, { timeout: 5_000 }).toContain("issue #777 opened: Pages");
  });

  it("verifies on the Edge runtime route too", async () => {
    const request = await githubTestRequest({
      secret: GITHUB_SECRET,
      event: "issues",
      payload: { action: "opened", issue: { number: 9001, title: "Edge" } },
    });
    expect((await deliver(request, "/edge/webhooks/github")).status).toBe(200);
    await expect.poll(() => output, { timeout: 5_000 }).toContain("issue #9001 opened: Edge");
  });

  it("answers 500 RAW_BODY_UNAVAILABLE naming the config export when a Pages route keeps Next's body parser", async () => {
    const request = await githubTestRequest({
      secret: GITHUB_SECRET,
      event: "issues",
      payload: { action: "opened", issue: { number: 555, title: "Parsed" } },
    });
    const response = await deliver(request, "/api/parsed/github");
    expect(response.status).toBe(500);
    const { error } = await response.json();
    expect(error.code).toBe("RAW_BODY_UNAVAILABLE");
    expect(error.message).toContain("export const config = { api: { bodyParser: false } }");
    expect(output).not.toContain("issue #555");
  });
});
