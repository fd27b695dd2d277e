import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import manifest from "../package.json" with { type: "json" };
import { EXIT, type Io, main } from "../src/cli.js";

const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
const trace = fileURLToPath(new URL("./trace-loads.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "hookwire-cli-commands-"));
const payloadFile = join(dir, "payload.json");
const KEY = "commands-api-key-0123456789";

function capture(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    color: false,
    out: (t: string) => {
      io.stdout += t;
    },
    err: (t: string) => {
      io.stderr += t;
    },
  };
  return io;
}

/** Polls until `done` holds; the bound only turns a real failure into a message. */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let receiver: Server;
let receiverUrl = "";
const received: string[] = [];

beforeAll(async () => {
  writeFileSync(payloadFile, '{"id":"evt_1","type":"invoice.paid","data":{"object":{"id":"in_1"}}}');
  // answers 500 to the first request of each path, then 200
  receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const first = !received.includes(req.url!);
      received.push(req.url!);
      res.statusCode = first ? 500 : 200;
      res.end(first ? "not yet" : "ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

describe("hookwire --version", () => {
  it("prints the package's version and exits 0", async () => {
    for (const flag of ["--version", "-v"]) {
      const io = capture();
      expect(await main([flag], io)).toBe(EXIT.ok);
      expect(io.stdout).toBe(`${manifest.version}\n`);
    }
    const help = capture();
    await main(["--help"], help);
    expect(help.stdout).toContain("hookwire --version");
  });
});

describe("sign and send never guess an event", () => {
  it("refuses a provider that carries the type outside the body without --event (exit 2)", async () => {
    for (const name of ["github", "bitbucket", "salesforce"]) {
      const io = capture();
      expect(await main(["sign", name, "--secret", "00D000000000062EAA", "--file", payloadFile], io)).toBe(
        EXIT.usage,
      );
      expect(io.stderr).toContain(`${name} needs --event <type>`);
      expect(io.stdout).toBe("");
    }
    const send = capture();
    expect(
      await main(["send", "github", `${receiverUrl}/x`, "--secret", "s", "--file", payloadFile], send),
    ).toBe(EXIT.usage);
    expect(received).not.toContain("/x");
  });

  it("signs with the event given, and providers whose type is in the body need none", async () => {
    const io = capture();
    expect(
      await main(["sign", "github", "--secret", "s", "--file", payloadFile, "--event", "issues"], io),
    ).toBe(EXIT.ok);
    expect(io.stdout).toContain("x-github-event: issues");
    expect(io.stdout).not.toContain("ping");
    expect(await main(["sign", "stripe", "--secret", "whsec_x", "--file", payloadFile], capture())).toBe(
      EXIT.ok,
    );
  });

  it("stamps a fresh timestamp into a Linear payload file, shows the body it signed, and its receiver accepts it", async () => {
    const { descriptor } = await import("@hookwire/linear/testing");
    const file = join(dir, "linear.json");
    writeFileSync(file, '{"type":"Issue","action":"create","data":{"id":"1"},"webhookTimestamp":1000}');
    const io = capture();
    expect(
      await main(["sign", "linear", "--secret", "lin_wh_x", "--file", file, "--event", "Issue"], io),
    ).toBe(EXIT.ok);
    const [head, body] = io.stdout.split("\n\n") as [string, string];
    const sent = JSON.parse(body) as { type: string; webhookTimestamp: number };
    expect(sent.type).toBe("Issue");
    expect(sent.webhookTimestamp).toBeGreaterThan(1000);
    const signature = /linear-signature: (\S+)/.exec(head)![1]!;
    const request = new Request("https://example.com/webhooks/linear", {
      method: "POST",
      body: body.trim(),
      headers: { "content-type": "application/json", "linear-signature": signature },
    });
    expect((await descriptor.receiver("lin_wh_x").verify(request)).type).toBe("Issue.create");
  });
});

describe("usage errors exit 2 everywhere", () => {
  const cases: Array<[string, string[], string]> = [
    ["an unknown command", ["frobnicate"], 'Unknown command "frobnicate"'],
    ["an unknown option", ["sign", "github", "--bogus"], "Unknown option"],
    [
      "an extra argument to sign",
      ["sign", "github", "extra", "--secret", "s", "--file", payloadFile, "--event", "push"],
      'Unexpected argument "extra"',
    ],
    ["a missing --secret", ["sign", "stripe", "--file", payloadFile], "--secret is required"],
    ["a missing file", ["sign", "stripe", "--secret", "s", "--file", join(dir, "none.json")], "Cannot read"],
    [
      "a secret the provider refuses",
      ["sign", "standard-webhooks", "--secret", "not base64!", "--file", payloadFile],
      "--secret:",
    ],
    [
      "a --url that is not a URL",
      ["sign", "stripe", "--secret", "s", "--file", payloadFile, "--url", "nope"],
      '"nope" is not a URL',
    ],
    [
      "send to a non-http URL",
      ["send", "stripe", "ftp://127.0.0.1/x", "--secret", "s", "--file", payloadFile],
      "is not an http:// or https:// URL",
    ],
    [
      "send --repeat 0",
      ["send", "stripe", "http://127.0.0.1:9/x", "--secret", "s", "--file", payloadFile, "--repeat", "0"],
      "--repeat is a whole number",
    ],
    ["send without a URL", ["send", "stripe", "--secret", "s", "--file", payloadFile], "Give the URL"],
    ["listen without --receiver", ["listen"], "--receiver"],
    ["listen with a malformed --receiver", ["listen", "--receiver", "github"], "<provider>=<secret>"],
    [
      "listen with an unknown provider",
      ["listen", "--receiver", "no-such-provider=s"],
      'Unknown provider "no-such-provider"',
    ],
    [
      "listen with a port out of range",
      ["listen", "--port", "70000", "--receiver", "github=s"],
      "--port is at most 65535",
    ],
    [
      "listen with a secret the provider refuses",
      ["listen", "--port", "0", "--receiver", "custom=short"],
      "--receiver custom:",
    ],
    ["serve with a short API key", ["serve", "--api-key", "short"], "16 characters or more"],
    ["serve with a positional argument", ["serve", "now", "--api-key", KEY], "Unexpected argument"],
  ];
  it.each(cases)("%s", async (_what, argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(EXIT.usage);
    expect(io.stderr).toContain(message);
  });
});

describe("nothing is created on disk before the arguments are validated", () => {
  const invalid: string[][] = [
    ["--api-key", "short"],
    ["--api-key", KEY, "--retry-schedule", "0,,100"],
    ["--api-key", KEY, "--port", "-1"],
    ["--api-key", KEY, "--concurrency", "0"],
    ["--api-key", KEY, "--no-worker", "--worker-only"],
    ["--api-key", KEY, "--schema", "x; drop table"],
    ["--api-key", KEY, "--timeout-ms", "soon"],
    ["--api-key", KEY, "--unknown-flag"],
    ["--api-key", KEY, "--portal-frame-ancestors", "https://app.example.com; script-src *"],
  ];
  it.each(invalid)("serve %s … leaves no database file", async (...args) => {
    const database = join(dir, `never-${Math.random().toString(36).slice(2)}.db`);
    expect(await main(["serve", "--database", database, ...args], capture())).toBe(EXIT.usage);
    expect(existsSync(database)).toBe(false);
  });
});

async function serveInProcess(
  extra: string[],
  {
    database = join(dir, `serve-${Math.random().toString(36).slice(2)}.db`),
    allowPrivateNetwork = true,
  } = {},
) {
  const io = capture();
  const controller = new AbortController();
  const running = main(
    [
      "serve",
      "--port",
      "0",
      "--database",
      database,
      "--api-key",
      KEY,
      ...(allowPrivateNetwork ? ["--allow-private-network"] : []),
      "--retry-schedule",
      "0,10,10",
      ...extra,
    ],
    io,
    controller.signal,
  );
  await until(() => io.stdout.includes("listening on") || io.stderr !== "", "serve to start");
  expect(io.stderr).toBe("");
  const base = /listening on (\S+)/.exec(io.stdout)![1]!;
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await response.json()) as any;
  };
  return { io, running, controller, api, database };
}

describe("hookwire serve", () => {
  it("prints one line per delivery attempt", async () => {
    const { io, running, controller, api, database } = await serveInProcess([]);
    expect(existsSync(database)).toBe(true);
    await api("POST", "/v1/subscriptions", { url: `${receiverUrl}/logged`, eventTypes: ["order.*"] });
    const published = await api("POST", "/v1/events", { type: "order.placed", data: { n: 1 } });
    await until(() => io.stdout.includes("→ delivered"), "the second attempt to succeed");
    const lines = io.stdout.split("\n").filter((l) => l.includes(" attempt "));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ✗ order\.placed \S+ attempt 1: 500 \d+ms → retry at /);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ✓ order\.placed \S+ attempt 2: 200 \d+ms → delivered$/);
    const deliveries = await api("GET", `/v1/events/${published.id}/deliveries`);
    expect(JSON.stringify(deliveries)).toContain(lines[1]!.split(" ")[3]!);
    controller.abort();
    expect(await running).toBe(EXIT.ok);
  });

  it("--quiet prints no attempt lines", async () => {
    const { io, running, controller, api } = await serveInProcess(["--quiet"]);
    await api("POST", "/v1/subscriptions", { url: `${receiverUrl}/quiet`, eventTypes: ["order.*"] });
    const published = await api("POST", "/v1/events", { type: "order.placed", data: { n: 2 } });
    await until(async () => {
      const list = await api("GET", `/v1/events/${published.id}/deliveries`);
      return JSON.stringify(list).includes('"delivered"');
    }, "the delivery");
    expect(received.filter((u) => u === "/quiet")).toHaveLength(2);
    expect(io.stdout).not.toContain(" attempt ");
    controller.abort();
    expect(await running).toBe(EXIT.ok);
  });
});

describe("hookwire serve --portal-frame-ancestors", () => {
  it("lets the named origins frame the portal, never the dashboard", async () => {
    const { running, controller, io } = await serveInProcess([
      "--portal-frame-ancestors",
      "https://app.example.com,'self'",
      "--portal-frame-ancestors",
      "https://*.example.org",
    ]);
    const base = /listening on (\S+)/.exec(io.stdout)![1]!;
    const portal = await fetch(`${base}/portal`);
    expect(portal.headers.get("content-security-policy")).toContain(
      "frame-ancestors https://app.example.com 'self' https://*.example.org",
    );
    expect(portal.headers.get("x-frame-options")).toBeNull();
    const dashboard = await fetch(`${base}/ui`);
    expect(dashboard.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(dashboard.headers.get("x-frame-options")).toBe("DENY");
    controller.abort();
    expect(await running).toBe(EXIT.ok);
  });

  it("refuses a value that is not an origin, naming the flag", async () => {
    const io = capture();
    expect(
      await main(
        [
          "serve",
          "--api-key",
          KEY,
          "--portal-frame-ancestors",
          "'none'",
          "--database",
          join(dir, "never.db"),
        ],
        io,
      ),
    ).toBe(EXIT.usage);
    expect(io.stderr).toContain("--portal-frame-ancestors takes origins");
  });
});

describe("hookwire serve and localhost", () => {
  it("refuses a localhost subscription without --allow-private-network, naming the flag", async () => {
    const { running, controller, api } = await serveInProcess([], { allowPrivateNetwork: false });
    for (const url of ["http://localhost:3000/hooks", "https://127.0.0.1/hooks"]) {
      const refused = await api("POST", "/v1/subscriptions", { url, eventTypes: ["*"] });
      expect(refused.error.message, url).toContain("turn on --allow-private-network");
      expect(refused.error.message, url).not.toContain("allowHttp");
    }
    controller.abort();
    expect(await running).toBe(EXIT.ok);
  });

  it("logs an attempt refused by the address guard (a subscription made while the flag was on)", async () => {
    const database = join(dir, "flag-off.db");
    const before = await serveInProcess([], { database });
    await before.api("POST", "/v1/subscriptions", { url: `${receiverUrl}/refused`, eventTypes: ["*"] });
    before.controller.abort();
    expect(await before.running).toBe(EXIT.ok);
    const after = await serveInProcess(["--retry-schedule", "0"], { database, allowPrivateNetwork: false });
    await after.api("POST", "/v1/events", { type: "order.placed", data: {} });
    await until(() => after.io.stdout.includes("dead letter"), "the refused attempt");
    const line = after.io.stdout.split("\n").find((l) => l.includes(" attempt 1: "))!;
    expect(line).toContain("ADDRESS_BLOCKED");
    expect(line).toContain("turn on --allow-private-network");
    expect(line).toMatch(/→ failed \(dead letter\)$/);
    expect(received).not.toContain("/refused");
    after.controller.abort();
    expect(await after.running).toBe(EXIT.ok);
  });
});

describe("sign, send and listen load no database driver", () => {
  const DRIVER =
    /^(better-sqlite3|pg|node:sqlite|@hookwire\/store-sqlite|@hookwire\/store-postgres|@hookwire\/server)$/;

  function run(args: string[], until?: string) {
    const file = join(dir, `loads-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(file, "");
    const child = spawn(
      process.execPath,
      ["--conditions=@hookwire/source", "--import", "tsx", "--import", trace, bin, ...args],
      {
        env: { ...process.env, HOOKWIRE_TRACE_LOADS: file, NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
      if (until && output.includes(until)) child.kill("SIGTERM");
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    return new Promise<{ code: number | null; output: string; loaded: string[] }>((resolve) =>
      child.on("close", (code) =>
        resolve({ code, output, loaded: readFileSync(file, "utf8").split("\n").filter(Boolean) }),
      ),
    );
  }

  it("sign", async () => {
    const result = await run(["sign", "stripe", "--secret", "whsec_x", "--file", payloadFile]);
    expect(result.code, result.output).toBe(0);
    expect(result.loaded).toContain("@hookwire/stripe/testing"); // the trace sees the CLI's imports (descriptors)
    expect(result.loaded.filter((s) => DRIVER.test(s))).toEqual([]);
  });

  it("send", async () => {
    const result = await run([
      "send",
      "stripe",
      `${receiverUrl}/sent`,
      "--secret",
      "whsec_x",
      "--file",
      payloadFile,
    ]);
    expect(result.output).toContain("HTTP 500");
    expect(result.loaded.filter((s) => DRIVER.test(s))).toEqual([]);
  });

  it("listen", async () => {
    const result = await run(["listen", "--port", "0", "--receiver", "github=s"], "listening on");
    expect(result.output).toContain("listening on");
    expect(result.loaded.filter((s) => DRIVER.test(s))).toEqual([]);
  });

  it("serve loads the store it is given (the trace sees it)", async () => {
    const result = await run(
      ["serve", "--port", "0", "--database", join(dir, "traced.db"), "--api-key", KEY],
      "listening on",
    );
    expect(result.output).toContain("listening on");
    expect(result.loaded).toContain("@hookwire/store-sqlite");
  });
});
