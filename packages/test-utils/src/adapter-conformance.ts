import { request as httpRequest } from "node:http";
import {
  createWebhooks,
  defineReceiver,
  defineSignedReceiver,
  ERROR_STATUS,
  hmacScheme,
  hmacString,
  parseJsonObject,
  requireHeader,
  type TestRequestInput,
  testRequest,
  verifyHmac,
  type WebhookError,
  WebhookError as WebhookErrorClass,
  type Webhooks,
} from "@hookwire/core";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

/** A running server with an adapter mounted. */
export interface AdapterServer {
  /** The base URL: receivers are at `${url}/<receiver>` (e.g. `http://127.0.0.1:1234/webhooks`). */
  url: string;
  /** Stop the server. */
  close(): Promise<void>;
}

/** How to start one adapter around a router, for {@link runAdapterConformance}. */
export interface AdapterHarness {
  /** The adapter's name, in test titles. */
  name: string;
  /** Start a real server on 127.0.0.1, port 0, with the adapter mounted, and the body limit given. */
  start(hooks: Webhooks<any>, options: { maxBodyBytes: number }): Promise<AdapterServer>;
}

/** The secrets the suite signs with. */
export const CONFORMANCE_SECRET = "conformance-secret";
const LIMIT = 5 * 1024 * 1024;
const MiB = 1024 * 1024;

/** A receiver that verifies an HMAC over the raw bytes and keeps them: proves byte-exactness. */
function rawReceiver() {
  return defineReceiver<{ raw: Uint8Array }, "raw">({
    provider: "raw",
    packageName: "@hookwire/test-utils",
    async verify(request) {
      const signature = request.headers.get("x-signature");
      if (!signature)
        throw new WebhookErrorClass("SIGNATURE_MISSING", "[@hookwire/test-utils] no x-signature");
      if ((await verifyHmac("SHA-256", [CONFORMANCE_SECRET], request.body, signature, "hex")) < 0) {
        throw new WebhookErrorClass("SIGNATURE_INVALID", "[@hookwire/test-utils] bad x-signature");
      }
      return { type: "raw", payload: request.body };
    },
  });
}

/** A receiver with a GET `?challenge=` handshake, like Dropbox's. */
function challengeReceiver() {
  return defineReceiver<{ ping: unknown }, "challenge">({
    provider: "challenge",
    packageName: "@hookwire/test-utils",
    handshakeMethods: ["GET"],
    handshake(request) {
      const challenge = new URL(request.url).searchParams.get("challenge");
      return challenge
        ? new Response(challenge, {
            headers: { "content-type": "text/plain", "x-content-type-options": "nosniff" },
          })
        : undefined;
    },
    async verify() {
      throw new WebhookErrorClass("SIGNATURE_MISSING", "[@hookwire/test-utils] handshake only");
    },
  });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * Stream `total` bytes to a URL (never declaring a length) and report the answer, how much was sent
 * before the server answered and closed, and how much this process's memory grew.
 */
async function streamUpload(
  url: string,
  method: string,
  total: number,
): Promise<{ status: number; code: string | undefined; sent: number; grownMiB: number }> {
  const agent = new Agent();
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  let sent = 0;
  const chunk = new Uint8Array(256 * 1024).fill(97);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  let status = 0;
  let code: string | undefined;
  try {
    const response = await undiciFetch(url, {
      method,
      body: stream as unknown as import("undici").BodyInit,
      duplex: "half",
      headers: { "content-type": "application/octet-stream" },
      dispatcher: agent,
    });
    status = response.status;
    code = await response
      .json()
      .then((b) => (b as { error?: { code?: string } }).error?.code)
      .catch(() => undefined);
  } catch {
    // The server answered and closed the connection while the upload went on; the reset can reach
    // the client before it has read the answer (the kernel drops unread data on RST).
    status = -1;
  } finally {
    await agent.close();
  }
  return { status, code, sent, grownMiB: (process.memoryUsage().rss - before) / MiB };
}

async function signedRaw(url: string, body: Uint8Array | string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${url}/raw`, {
    method: "POST",
    body: body as BodyInit,
    ...init,
    headers: {
      "content-type": "application/octet-stream",
      "x-signature": await hmacString("SHA-256", CONFORMANCE_SECRET, body, "hex"),
      ...(init.headers as Record<string, string>),
    },
  });
}

/**
 * A GitHub-shaped receiver built from core's HMAC family (`X-Hub-Signature-256: sha256=<hex>`,
 * `X-GitHub-Event` + `action`), so the adapter suite exercises the family every provider uses
 * without depending on a provider package.
 */
const hubScheme = hmacScheme({
  packageName: "@hookwire/test-utils",
  algorithm: "SHA-256",
  encoding: "hex",
  header: "X-Hub-Signature-256",
  prefix: "sha256=",
});

function hubReceiver(secret: string) {
  return defineSignedReceiver<
    { issues: { action: string; issue: { number: number } } } & Record<string, any>,
    "github"
  >({
    provider: "github",
    packageName: "@hookwire/test-utils",
    deadlineMs: 10_000,
    secret,
    scheme: hubScheme,
    parse(request) {
      const name = requireHeader(request, "x-github-event", "@hookwire/test-utils");
      const payload = parseJsonObject(request.body, "@hookwire/test-utils");
      return {
        type: typeof payload.action === "string" ? `${name}.${payload.action}` : name,
        id: request.headers.get("x-github-delivery") ?? undefined,
        payload,
      };
    },
  });
}

function hubTestRequest(input: TestRequestInput): Promise<Request> {
  return testRequest(hubScheme, input, {
    url: "https://example.com/webhooks/github",
    headers: { "x-github-event": input.event ?? "ping", "x-github-delivery": crypto.randomUUID() },
  });
}

async function sendGithub(
  url: string,
  payload: unknown,
  tamper?: (body: Uint8Array) => Uint8Array,
  secret = CONFORMANCE_SECRET,
) {
  const signed = await hubTestRequest({ secret, event: "issues", payload });
  let body: Uint8Array = new Uint8Array(await signed.arrayBuffer());
  if (tamper) body = tamper(body);
  return fetch(`${url}/github`, { method: "POST", headers: signed.headers, body: body as BodyInit });
}

/**
 * The conformance suite every adapter runs, against a real server: verification, error codes,
 * limits, byte-exact bodies, handler failures and responses, handshakes, concurrency.
 *
 * @example
 * ```ts
 * runAdapterConformance({ name: "express", start: async (hooks, { maxBodyBytes }) => { … return { url, close }; } });
 * ```
 */
export function runAdapterConformance(harness: AdapterHarness): void {
  describe(`adapter conformance: ${harness.name}`, () => {
    let server: AdapterServer;
    const issues: number[] = [];
    const raws: Uint8Array[] = [];
    const errors: WebhookError[] = [];
    let handlerStarted = deferred();
    let handlerAborted = deferred();
    const hooks = createWebhooks({
      receivers: {
        github: hubReceiver(CONFORMANCE_SECRET),
        raw: rawReceiver(),
        challenge: challengeReceiver(),
      },
      maxBodyBytes: LIMIT,
      onError: (error, context) => {
        if (context.phase === "handler") errors.push(error);
      },
    });
    hooks.on("github", "issues.opened", (event) => {
      issues.push(event.payload.issue.number);
    });
    hooks.on("github", "issues.deleted", () => {
      throw new Error("handler failure on purpose");
    });
    hooks.on(
      "github",
      "issues.closed",
      () => new Response("custom answer", { status: 202, headers: { "x-custom": "yes" } }),
    );
    hooks.on("raw", "raw", (event) => {
      raws.push(event.payload);
    });
    // Waits until the client goes away: proves that a disconnect aborts context.signal.
    hooks.on(
      "github",
      "issues.labeled",
      (_event, context) =>
        new Promise<void>((resolve) => {
          context.signal.addEventListener(
            "abort",
            () => {
              handlerAborted.resolve();
              resolve();
            },
            { once: true },
          );
          handlerStarted.resolve();
        }),
    );

    beforeAll(async () => {
      server = await harness.start(hooks, { maxBodyBytes: LIMIT });
    });
    afterAll(async () => {
      await server?.close();
    });
    beforeEach(() => {
      issues.length = 0;
      raws.length = 0;
      errors.length = 0;
    });

    it("a valid signed request gets 2xx and the handler gets the typed event", async () => {
      const response = await sendGithub(server.url, { action: "opened", issue: { number: 42 } });
      expect(response.status).toBe(200);
      expect(issues).toEqual([42]);
    });

    it("tampered body, wrong secret and missing signature get 401 with the code; no handler runs", async () => {
      const tampered = await sendGithub(server.url, { action: "opened", issue: { number: 1 } }, (b) => {
        const copy = b.slice();
        copy[5] = copy[5]! ^ 1;
        return copy;
      });
      expect(tampered.status).toBe(401);
      expect((await tampered.json()).error.code).toBe("SIGNATURE_INVALID");
      const wrong = await sendGithub(
        server.url,
        { action: "opened", issue: { number: 2 } },
        undefined,
        "another-secret",
      );
      expect(wrong.status).toBe(401);
      expect((await wrong.json()).error.code).toBe("SIGNATURE_INVALID");
      const missing = await fetch(`${server.url}/github`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-github-event": "issues" },
        body: JSON.stringify({ action: "opened", issue: { number: 3 } }),
      });
      expect(missing.status).toBe(401);
      expect(missing.headers.get("content-type")).toContain("application/json");
      expect((await missing.json()).error.code).toBe("SIGNATURE_MISSING");
      expect(issues).toEqual([]);
    });

    it("an unknown receiver gets 404 and a wrong method 405", async () => {
      const unknown = await fetch(`${server.url}/nope`, { method: "POST", body: "{}" });
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).error.code).toBe("RECEIVER_NOT_FOUND");
      const put = await fetch(`${server.url}/github`, { method: "PUT", body: "{}" });
      expect(put.status).toBe(405);
      expect((await put.json()).error.code).toBe("METHOD_NOT_ALLOWED");
    });

    it("a body over the limit gets 413, declared or streamed, without being buffered", async () => {
      const declared = await signedRaw(server.url, new Uint8Array(LIMIT + 1));
      expect(declared.status).toBe(413);
      expect((await declared.json()).error.code).toBe("PAYLOAD_TOO_LARGE");

      const agent = new Agent();
      globalThis.gc?.();
      const before = process.memoryUsage().rss;
      let sent = 0;
      const chunk = new Uint8Array(256 * 1024).fill(97);
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 64 * MiB) return controller.close();
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      let status = 0;
      let failure = "";
      const started = performance.now();
      try {
        const response = await undiciFetch(`${server.url}/raw`, {
          method: "POST",
          body: stream as unknown as import("undici").BodyInit,
          duplex: "half",
          headers: { "x-signature": "00" },
          dispatcher: agent,
        });
        status = response.status;
        await response.arrayBuffer().catch(() => undefined);
      } catch (error) {
        // The server answered 413 and closed the connection while the upload went on; the reset can
        // reach the client before it has read the answer (the kernel drops unread data on RST).
        status = -1;
        failure = String((error as { cause?: unknown }).cause ?? error);
      } finally {
        await agent.close();
      }
      const elapsed = performance.now() - started;
      const grown = (process.memoryUsage().rss - before) / MiB;
      if (process.env.HOOKWIRE_CONFORMANCE_REPORT)
        console.log(
          `${harness.name}: streamed 64 MiB -> ${status} in ${elapsed.toFixed(0)} ms, ${(sent / MiB).toFixed(1)} MiB sent, rss +${grown.toFixed(1)} MiB ${failure}`,
        );
      expect([413, -1]).toContain(status);
      expect(sent).toBeLessThan(64 * MiB);
      expect(grown).toBeLessThan(48);
      expect(raws).toHaveLength(0);
    });

    it("answers 404 and 405 for a 64 MiB upload without reading it", async () => {
      for (const [path, method, code] of [
        ["nope", "POST", "RECEIVER_NOT_FOUND"],
        ["github", "PUT", "METHOD_NOT_ALLOWED"],
      ] as const) {
        const outcome = await streamUpload(`${server.url}/${path}`, method, 64 * MiB);
        if (process.env.HOOKWIRE_CONFORMANCE_REPORT)
          console.log(
            `${harness.name}: ${method} /${path} 64 MiB -> ${outcome.status}, ${(outcome.sent / MiB).toFixed(1)} MiB sent`,
          );
        expect([ERROR_STATUS[code], -1]).toContain(outcome.status);
        if (outcome.status !== -1) expect(outcome.code).toBe(code);
        expect(outcome.sent).toBeLessThan(64 * MiB);
        expect(outcome.grownMiB).toBeLessThan(48);
      }
      expect(raws).toHaveLength(0);
    });

    it("a client that disconnects while a handler runs aborts the handler's signal", async () => {
      handlerStarted = deferred();
      handlerAborted = deferred();
      const signed = await hubTestRequest({
        secret: CONFORMANCE_SECRET,
        event: "issues",
        payload: { action: "labeled", issue: { number: 11 } },
      });
      const body = Buffer.from(await signed.arrayBuffer());
      const target = new URL(`${server.url}/github`);
      const client = httpRequest({
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: { ...Object.fromEntries(signed.headers), "content-length": String(body.byteLength) },
      });
      client.on("error", () => {});
      client.end(body);
      await handlerStarted.promise; // the handler is running and listening to its signal
      client.destroy();
      await handlerAborted.promise; // resolves only when the signal aborts (else the test times out)
      expect(true).toBe(true);
    });

    it("verifies byte-exact bodies: unicode, CRLF, whitespace, key order, empty, 4 MiB", async () => {
      const bodies: Array<string | Uint8Array> = [
        '{"emoji":"🎉","accents":"ünïcödé","rtl":"مرحبا"}',
        '{\r\n  "a": 1,\r\n  "b": 2\r\n}\r\n',
        '  {  "spaced" :   true  }  \n\t',
        '{"z":1,"a":2,"m":{"y":3,"b":4}}',
        "",
        new Uint8Array(4 * MiB).map((_, i) => (i * 31) % 256),
      ];
      for (const body of bodies) {
        const response = await signedRaw(server.url, body);
        expect(response.status).toBe(200);
      }
      expect(raws).toHaveLength(bodies.length);
      for (let i = 0; i < bodies.length; i++) {
        const expected =
          typeof bodies[i] === "string"
            ? new TextEncoder().encode(bodies[i] as string)
            : (bodies[i] as Uint8Array);
        expect(Buffer.from(raws[i]!).equals(Buffer.from(expected))).toBe(true);
      }
    });

    it("a throwing handler gets 500 HANDLER_FAILED and onError; a returned Response is sent as is", async () => {
      const failed = await sendGithub(server.url, { action: "deleted", issue: { number: 5 } });
      expect(failed.status).toBe(500);
      expect((await failed.json()).error.code).toBe("HANDLER_FAILED");
      expect(errors).toHaveLength(1);
      expect(errors[0]!.code).toBe("HANDLER_FAILED");
      const custom = await sendGithub(server.url, { action: "closed", issue: { number: 6 } });
      expect(custom.status).toBe(202);
      expect(custom.headers.get("x-custom")).toBe("yes");
      expect(await custom.text()).toBe("custom answer");
    });

    it("answers a provider handshake (GET challenge) through the adapter", async () => {
      const response = await fetch(`${server.url}/challenge?challenge=abc123`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(await response.text()).toBe("abc123");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      const noChallenge = await fetch(`${server.url}/challenge`);
      expect(noChallenge.status).toBe(405);
    });

    it("answers 200 concurrent valid requests correctly", async () => {
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          sendGithub(server.url, { action: "opened", issue: { number: 1000 + i } }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
      expect([...issues].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => 1000 + i));
    });
  });
}
