import { writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProviderDescriptor } from "@hookwire/core";
import { verify as octokitVerify } from "@octokit/webhooks-methods";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, type Io, main } from "./cli.js";

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

const payloadFile = join(tmpdir(), `hookwire-cli-${process.pid}.json`);
const payload =
  '{"id":"evt_1","type":"invoice.paid","action":"opened","data":{"object":{"id":"in_1"}},"issue":{"number":9}}';
let server: Server;
let url = "";
const seen: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  writeFileSync(payloadFile, payload);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.setHeader("x-answer", "yes");
      res.statusCode = req.url === "/fail" ? 500 : 200;
      res.end("received");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("hookwire send / sign", () => {
  it("sends GitHub webhooks that @octokit/webhooks-methods verifies", async () => {
    const io = capture();
    expect(
      await main(
        ["send", "github", `${url}/gh`, "--secret", "gh-secret", "--file", payloadFile, "--event", "issues"],
        io,
      ),
    ).toBe(EXIT.ok);
    expect(io.stdout).toContain("HTTP 200");
    expect(io.stdout).toContain("x-answer: yes");
    expect(io.stdout).toContain("received");
    const last = seen.at(-1)!;
    expect(last.body).toBe(payload);
    expect(await octokitVerify("gh-secret", last.body, String(last.headers["x-hub-signature-256"]))).toBe(
      true,
    );
    expect(last.headers["x-github-event"]).toBe("issues");
  });

  it("sends Stripe webhooks that the stripe package's constructEvent accepts", async () => {
    expect(
      await main(["send", "stripe", `${url}/st`, "--secret", "whsec_cli", "--file", payloadFile], capture()),
    ).toBe(EXIT.ok);
    const last = seen.at(-1)!;
    const event = new Stripe("sk_test_x").webhooks.constructEvent(
      last.body,
      String(last.headers["stripe-signature"]),
      "whsec_cli",
    );
    expect(event.type).toBe("invoice.paid");
  });

  it("sends Standard Webhooks that the standardwebhooks package verifies", async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    expect(
      await main(
        ["send", "standard-webhooks", `${url}/sw`, "--secret", secret, "--file", payloadFile],
        capture(),
      ),
    ).toBe(EXIT.ok);
    const last = seen.at(-1)!;
    expect(new Webhook(secret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({
      type: "invoice.paid",
    });
  });

  it("exits 1 on a non-2xx answer and 2 on usage errors", async () => {
    expect(
      await main(
        ["send", "github", `${url}/fail`, "--secret", "s", "--file", payloadFile, "--event", "push"],
        capture(),
      ),
    ).toBe(EXIT.failure);
    const io = capture();
    expect(await main(["send", "no-such-provider", url, "--secret", "s", "--file", payloadFile], io)).toBe(
      EXIT.usage,
    );
    expect(io.stderr).toContain('Unknown provider "no-such-provider"');
    expect(await main(["send", "github", url, "--file", payloadFile], capture())).toBe(EXIT.usage);
    expect(
      await main(["sign", "github", "--secret", "s", "--file", "/nonexistent/file.json"], capture()),
    ).toBe(EXIT.usage);
    expect(await main(["sign", "github", "--bogus"], capture())).toBe(EXIT.usage);
    expect(await main([], capture())).toBe(EXIT.usage);
    const badPort = capture();
    expect(await main(["serve", "--port", "eighty", "--api-key", "k".repeat(20)], badPort)).toBe(EXIT.usage);
    expect(badPort.stderr).toContain('--port is a whole number ≥ 0, not "eighty"');
    expect(
      await main(["serve", "--no-worker", "--worker-only", "--api-key", "k".repeat(20)], capture()),
    ).toBe(EXIT.usage);
    const help = capture();
    expect(await main(["serve", "--help"], help)).toBe(EXIT.ok);
    expect(help.stdout).toContain("--allow-private-network");
    expect(help.stdout).toContain("--portal-frame-ancestors <origin>");
  });

  it("colours only when asked (a TTY without NO_COLOR), and exits 1 when the URL cannot be reached", async () => {
    const plain = capture();
    await main(
      ["send", "github", `${url}/gh`, "--secret", "s", "--file", payloadFile, "--event", "push"],
      plain,
    );
    expect(plain.stdout).not.toContain("\u001b[");
    const coloured = { ...capture(), color: true };
    const tty = Object.assign(coloured, {
      out: (t: string) => {
        tty.stdout += t;
      },
    });
    await main(
      ["send", "github", `${url}/gh`, "--secret", "s", "--file", payloadFile, "--event", "push"],
      tty,
    );
    expect(tty.stdout).toContain("\u001b[32mHTTP 200");
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise<void>((r) => closed.close(() => r()));
    const io = capture();
    expect(
      await main(["send", "github", deadUrl, "--secret", "s", "--file", payloadFile, "--event", "push"], io),
    ).toBe(EXIT.failure);
    expect(io.stderr).toContain(`error: Cannot reach ${deadUrl}: ECONNREFUSED`);
  });

  it("sign prints headers our own receivers verify", async () => {
    const io = capture();
    expect(
      await main(["sign", "github", "--secret", "gh-secret", "--file", payloadFile, "--event", "issues"], io),
    ).toBe(EXIT.ok);
    const headers = new Headers();
    for (const line of io.stdout.trim().split("\n").slice(1)) {
      const i = line.indexOf(": ");
      headers.set(line.slice(0, i), line.slice(i + 2));
    }
    const { github } = await import("@hookwire/github");
    const event = await github({ secret: "gh-secret" }).verify(
      new Request("https://x.test/webhooks/github", { method: "POST", headers, body: payload }),
    );
    expect(event.type).toBe("issues.opened");
  });
});

describe("hookwire listen", () => {
  it("verifies and prints each webhook, and reports failures", async () => {
    const io = capture();
    const controller = new AbortController();
    const running = main(
      ["listen", "--port", "0", "--receiver", "github=listen-secret", "--receiver", "stripe=whsec_l"],
      io,
      controller.signal,
    );
    for (let i = 0; i < 3_000 && !io.stdout.includes("listening on"); i++)
      await new Promise((r) => setTimeout(r, 20));
    const base = /listening on (\S+)/.exec(io.stdout)![1]!;
    expect(
      await main(
        [
          "send",
          "github",
          `${base}/github`,
          "--secret",
          "listen-secret",
          "--file",
          payloadFile,
          "--event",
          "issues",
        ],
        capture(),
      ),
    ).toBe(EXIT.ok);
    expect(
      await main(
        ["send", "stripe", `${base}/stripe`, "--secret", "whsec_wrong", "--file", payloadFile],
        capture(),
      ),
    ).toBe(EXIT.failure);
    controller.abort();
    expect(await running).toBe(EXIT.ok);
    expect(io.stdout).toMatch(/✓ github issues\.opened id=\S+ verified/);
    expect(io.stdout).toMatch(/✗ stripe SIGNATURE_INVALID/);
  });
});

describe("every provider in the registry", () => {
  const DEFAULT_SECRET = "hookwire-cli-registry-secret-0123456789abcdef";
  const secretFor = (d: ProviderDescriptor) => d.exampleSecret ?? DEFAULT_SECRET;
  /** The same secret with one letter or digit changed (same shape: whsec_ base64, hex seed, org id). */
  const wrongFor = (d: ProviderDescriptor) => {
    const secret = secretFor(d);
    let i = Math.min(10, secret.length - 1);
    while (i < secret.length && !/[0-9A-Za-z]/.test(secret[i]!)) i++;
    const c = secret[i]!;
    // within the same class, and hex stays hex: 0-9, a-f, g-z, A-F, G-Z each cycle in themselves
    const classes = ["0123456789", "abcdef", "ghijklmnopqrstuvwxyz", "ABCDEF", "GHIJKLMNOPQRSTUVWXYZ"];
    const cls = classes.find((chars) => chars.includes(c))!;
    const next = cls[(cls.indexOf(c) + 1) % cls.length]!;
    return `${secret.slice(0, i)}${next}${secret.slice(i + 1)}`;
  };
  // Each package's own example delivery, written to a file as `hookwire send --file` reads it.
  const fileFor = (d: ProviderDescriptor) => {
    const file = join(tmpdir(), `hookwire-cli-${process.pid}-${d.name}.json`);
    const payload = d.example?.payload;
    writeFileSync(file, typeof payload === "string" ? payload : JSON.stringify(payload));
    return file;
  };

  it("every descriptor carries an example delivery", async () => {
    const { descriptors } = await import("./providers.js");
    expect(descriptors.filter((d) => d.example === undefined).map((d) => d.name)).toEqual([]);
  });

  it("send output is verified by hookwire listen with the same secret, and refused with another", async () => {
    const { descriptors } = await import("./providers.js");
    expect(descriptors.length).toBeGreaterThanOrEqual(3);
    const io = capture();
    const controller = new AbortController();
    const running = main(
      ["listen", "--port", "0", ...descriptors.flatMap((d) => ["--receiver", `${d.name}=${secretFor(d)}`])],
      io,
      controller.signal,
    );
    for (let i = 0; i < 3_000 && !io.stdout.includes("listening on"); i++)
      await new Promise((r) => setTimeout(r, 20));
    const base = /listening on (\S+)/.exec(io.stdout)![1]!;
    const results: Record<string, number> = {};
    const refused: Record<string, number> = {};
    for (const d of descriptors) {
      const event = d.example?.event === undefined ? [] : ["--event", d.example.event];
      const send = (secret: string) =>
        main(
          ["send", d.name, `${base}/${d.name}`, "--secret", secret, "--file", fileFor(d), ...event],
          capture(),
        );
      results[d.name] = await send(secretFor(d));
      refused[d.name] = await send(wrongFor(d));
    }
    // handshakes are answered (Dropbox echoes its GET challenge)
    const handshake = await fetch(`${base}/dropbox?challenge=hookwire-challenge`);
    expect(await handshake.text()).toBe("hookwire-challenge");
    const instagram = descriptors.find((d) => d.name === "instagram")!;
    const meta = await fetch(
      `${base}/instagram?hub.mode=subscribe&hub.verify_token=${secretFor(instagram)}&hub.challenge=4242`,
    );
    expect(await meta.text()).toBe("4242");
    controller.abort();
    expect(await running).toBe(EXIT.ok);
    expect(results).toEqual(Object.fromEntries(descriptors.map((d) => [d.name, EXIT.ok])));
    expect(refused).toEqual(Object.fromEntries(descriptors.map((d) => [d.name, EXIT.failure])));
    for (const d of descriptors) expect(io.stdout).toContain(`✓ ${d.name} `);
  }, 300_000);
});
