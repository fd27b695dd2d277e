import { EventEmitter, once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { hmacString, verifyHmac } from "../crypto/index.js";
import { WebhookError } from "../errors.js";
import { defineReceiver } from "../receiver.js";
import { type CallbackIncoming, createWebhooks, type RouteResult, type Webhooks } from "../webhooks.js";
import {
  assertNoAdapterLimit,
  createNodeHandler,
  failNodeRequest,
  fromIncomingMessage,
  handleNodeRequest,
  type NodeHandlerOptions,
  type NodeRouter,
  nodeHeaders,
  readNodeBody,
  toHeaders,
  toIncomingWebhook,
  writeError,
  writeResult,
} from "./index.js";

// ---------------------------------------------------------------------------------------------
// Helpers: a server on 127.0.0.1 and a raw HTTP/1.1 client that reads the answer byte for byte.
// ---------------------------------------------------------------------------------------------

const open: Server[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const server of open.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(listener: Listener): Promise<number> {
  const server = createServer(listener);
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

interface Answer {
  status: number;
  statusText: string;
  /** Header lines in order, names lower-cased. */
  lines: Array<[string, string]>;
  body: string;
}

function header(answer: Answer, name: string): string | undefined {
  return answer.lines.find(([key]) => key === name)?.[1];
}

/**
 * Send raw bytes and read one answer: complete once its `Content-Length` bytes are in (or at once
 * after the head for a HEAD request), or when the server closes the connection.
 */
function exchange(port: number, parts: readonly (string | Uint8Array)[], head = false): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = Buffer.alloc(0);
    let done = false;
    const finish = () => {
      const end = data.indexOf("\r\n\r\n");
      if (end < 0) return false;
      const [first = "", ...rest] = data.subarray(0, end).toString("latin1").split("\r\n");
      const lines = rest.map((line): [string, string] => {
        const colon = line.indexOf(":");
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      });
      const length = lines.find(([key]) => key === "content-length")?.[1];
      const body = data.subarray(end + 4);
      if (!head && length !== undefined && body.length < Number(length)) return false;
      const match = /^HTTP\/1\.1 (\d{3}) ?(.*)$/.exec(first);
      done = true;
      socket.destroy();
      resolve({
        status: Number(match?.[1]),
        statusText: match?.[2] ?? "",
        lines,
        body: body.toString("utf8"),
      });
      return true;
    };
    socket.on("data", (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (!done) finish();
    });
    socket.on("end", () => {
      if (!done && !finish()) reject(new Error(`connection closed without an answer: ${data.toString()}`));
    });
    socket.on("error", (error) => {
      if (!done) reject(error);
    });
    for (const part of parts) socket.write(part);
  });
}

/** A request head (HTTP/1.1, Host `hook.test`), with `extra` header lines. */
function head(method: string, target: string, extra: readonly string[] = []): string {
  return `${method} ${target} HTTP/1.1\r\nhost: hook.test\r\n${extra.map((line) => `${line}\r\n`).join("")}\r\n`;
}

/** A POST with a `Content-Length` body. */
function post(target: string, body: string, extra: readonly string[] = []): string {
  return `${head("POST", target, [...extra, `content-length: ${Buffer.byteLength(body)}`])}${body}`;
}

/** The chunked encoding of these chunks, with the last chunk. */
function chunked(...chunks: string[]): string {
  return `${chunks.map((c) => `${Buffer.byteLength(c).toString(16)}\r\n${c}\r\n`).join("")}0\r\n\r\n`;
}

interface Seen {
  method: string;
  url: string;
  body: string;
  bytes: number[];
}

/**
 * Receivers: `signed` checks an HMAC of the raw body (key "k", hex, header `x-sig`); `plain` takes
 * any body. Both record what verification was given.
 */
function routerWith(
  options: { maxBodyBytes?: number; onError?: (code: string, phase: string) => void } = {},
) {
  const seen: Seen[] = [];
  const record = (request: { method: string; url: string; body: Uint8Array }) =>
    seen.push({
      method: request.method,
      url: request.url,
      body: new TextDecoder().decode(request.body),
      bytes: [...request.body],
    });
  const signed = defineReceiver<{ ping: unknown }, "signed">({
    provider: "signed",
    packageName: "@hookwire/signed",
    async verify(request) {
      record(request);
      if ((await verifyHmac("SHA-256", ["k"], request.body, request.headers.get("x-sig") ?? "", "hex")) < 0) {
        throw new WebhookError("SIGNATURE_INVALID", "[@hookwire/signed] invalid");
      }
      return { type: "ping", payload: {} };
    },
  });
  const plain = defineReceiver<{ ping: unknown; own: unknown; bad: unknown }, "plain">({
    provider: "plain",
    packageName: "@hookwire/plain",
    verify(request) {
      record(request);
      return { type: request.headers.get("x-type") ?? "ping", payload: {} };
    },
  });
  const hooks = createWebhooks({
    receivers: { signed, plain },
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    onError: (error, context) => options.onError?.(error.code, context.phase),
  });
  return { hooks, seen };
}

/** The three kinds of router the bridge serves, each with its own path through it. */
const shapes: Array<[string, (hooks: Webhooks) => NodeRouter]> = [
  ["a router from createWebhooks (callback form)", (hooks) => hooks],
  [
    "a router with route but no callback form",
    (hooks) => ({
      route: hooks.route,
      handle: hooks.handle,
      report: hooks.report,
      maxBodyBytes: hooks.maxBodyBytes,
    }),
  ],
  [
    "a router with only handle",
    (hooks) => ({ handle: hooks.handle, report: hooks.report, maxBodyBytes: hooks.maxBodyBytes }),
  ],
];

function errorCode(answer: Answer): string {
  return (JSON.parse(answer.body) as { error: { code: string } }).error.code;
}

/** An error answer as `status code: message`, to compare with one string. */
function refusalText(answer: Answer): string {
  const { error } = JSON.parse(answer.body) as { error: { code: string; message: string } };
  return `${answer.status} ${error.code}: ${error.message}`;
}

// ---------------------------------------------------------------------------------------------
// The raw body, its limit and the request as verification sees it, through every router shape.
// ---------------------------------------------------------------------------------------------

describe.each(shapes)("@hookwire/core/node with %s", (_name, shape) => {
  it("hands verification the exact bytes of a chunked upload, joined in order", async () => {
    const { hooks, seen } = routerWith();
    const port = await serve(createNodeHandler(shape(hooks)));
    const parts = ['{"a":', '"ü",\r\n', '"b":2}'];
    const sig = await hmacString("SHA-256", "k", parts.join(""), "hex");
    const head1 = head("POST", "/webhooks/signed", [`x-sig: ${sig}`, "transfer-encoding: chunked"]);
    const answer = await exchange(port, [head1, `${chunked(...parts)}`]);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('{"ok":true}');
    expect(seen.map((s) => s.body)).toEqual([parts.join("")]);
    expect(seen[0]!.bytes).toEqual([...Buffer.from(parts.join(""))]);
    expect(seen[0]!.url).toBe("http://hook.test/webhooks/signed");
  });

  it("refuses a wrong signature over the same bytes with 401", async () => {
    const { hooks } = routerWith();
    const port = await serve(createNodeHandler(shape(hooks)));
    const sig = await hmacString("SHA-256", "k", '{"n":1}', "hex");
    const answer = await exchange(port, [post("/webhooks/signed", '{"n":2}', [`x-sig: ${sig}`])]);
    expect(answer.status).toBe(401);
    expect(errorCode(answer)).toBe("SIGNATURE_INVALID");
  });

  it("accepts a declared body of exactly the limit and refuses one byte more before reading it", async () => {
    const { hooks, seen } = routerWith({ maxBodyBytes: 16 });
    const port = await serve(createNodeHandler(shape(hooks)));
    const atLimit = await exchange(port, [post("/webhooks/plain", "x".repeat(16))]);
    expect(atLimit.status).toBe(200);
    expect(seen.map((s) => s.body)).toEqual(["x".repeat(16)]);
    // only the head is sent: the answer comes without a byte of the body
    const over = await exchange(port, [head("POST", "/webhooks/plain", ["content-length: 17"])]);
    expect(refusalText(over)).toBe(
      `413 PAYLOAD_TOO_LARGE: [@hookwire/core] The request body is larger than 16 bytes. Raise maxBodyBytes if this provider sends larger bodies.`,
    );
    expect(seen).toHaveLength(1);
  });

  it("accepts a streamed body of exactly the limit and refuses it as soon as it passes", async () => {
    const { hooks, seen } = routerWith({ maxBodyBytes: 16 });
    const port = await serve(createNodeHandler(shape(hooks)));
    const streamed = head("POST", "/webhooks/plain", ["transfer-encoding: chunked"]);
    const atLimit = await exchange(port, [streamed, chunked("x".repeat(10), "y".repeat(6))]);
    expect(atLimit.status).toBe(200);
    expect(seen.map((s) => s.body)).toEqual([`${"x".repeat(10)}${"y".repeat(6)}`]);
    // the last chunk is never sent: the answer comes once the body is one byte past the limit
    const over = await exchange(port, [streamed, "10\r\n", "x".repeat(16), "\r\n1\r\nz\r\n"]);
    expect(over.status).toBe(413);
    expect(errorCode(over)).toBe("PAYLOAD_TOO_LARGE");
    expect(seen).toHaveLength(1);
  });

  it("uses the raw bytes a framework captured (req.rawBody) instead of the stream, within the limit", async () => {
    const { hooks, seen } = routerWith({ maxBodyBytes: 8 });
    const handler = createNodeHandler(shape(hooks));
    const port = await serve((req, res) => {
      (req as IncomingMessage & { rawBody?: Uint8Array }).rawBody = new TextEncoder().encode(
        req.url === "/webhooks/plain?big" ? "123456789" : "12345678",
      );
      handler(req, res);
    });
    const kept = await exchange(port, [post("/webhooks/plain", "stream")]);
    expect(kept.status).toBe(200);
    expect(seen.map((s) => s.body)).toEqual(["12345678"]);
    const big = await exchange(port, [post("/webhooks/plain?big", "stream")]);
    expect(big.status).toBe(413);
    expect(errorCode(big)).toBe("PAYLOAD_TOO_LARGE");
    expect(seen).toHaveLength(1);
  });

  it("refuses a body a parser consumed without a copy (RAW_BODY_UNAVAILABLE, default hint), and takes an empty one", async () => {
    const { hooks, seen } = routerWith();
    const handler = createNodeHandler(shape(hooks));
    const port = await serve((req, res) => {
      req.resume();
      req.on("end", () => {
        (req as IncomingMessage & { body?: unknown }).body = {};
        handler(req, res);
      });
    });
    const refused = await exchange(port, [post("/webhooks/plain", "{}")]);
    expect(refusalText(refused)).toBe(
      `500 RAW_BODY_UNAVAILABLE: [@hookwire/core] A body parser read the request before Hookwire could verify the raw bytes, and kept no copy of them. Mount the webhook handler before any body parser, or capture the raw body (req.rawBody) in the parser's verify callback.`,
    );
    const empty = await exchange(port, [head("POST", "/webhooks/plain", ["content-length: 0"])]);
    expect(empty.status).toBe(200);
    expect(seen.map((s) => s.bytes)).toEqual([[]]);
  });

  it("routes by options.path and builds the URL from it", async () => {
    const { hooks, seen } = routerWith();
    const port = await serve(createNodeHandler(shape(hooks), { path: "/mounted/plain?x=1" }));
    const answer = await exchange(port, [post("/elsewhere", "{}")]);
    expect(answer.status).toBe(200);
    expect(seen.map((s) => s.url)).toEqual(["http://hook.test/mounted/plain?x=1"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Reading the body (readNodeBody) on a stream standing in for the request.
// ---------------------------------------------------------------------------------------------

type FakeRequest = PassThrough & {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  complete: boolean;
  socket?: { encrypted?: boolean };
  originalUrl?: string;
  rawBody?: unknown;
  body?: unknown;
  _body?: unknown;
};

function fakeRequest(init: Partial<Omit<FakeRequest, keyof PassThrough>> = {}): FakeRequest {
  return Object.assign(new PassThrough(), {
    method: "POST",
    url: "/",
    headers: {},
    rawHeaders: [],
    complete: false,
    ...init,
  }) as FakeRequest;
}

const asReq = (req: FakeRequest) => req as unknown as IncomingMessage;

async function refusal(promise: Promise<unknown>): Promise<WebhookError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(WebhookError.isInstance(error)).toBe(true);
  return error as WebhookError;
}

/** Stream these chunks as a whole request (complete, then ended) through readNodeBody. */
function readWhole(
  chunks: readonly Uint8Array[],
  options: { maxBodyBytes?: number } = {},
  headers: FakeRequest["headers"] = {},
): Promise<Uint8Array> {
  const req = fakeRequest({ headers });
  const read = readNodeBody(asReq(req), options);
  for (const chunk of chunks) req.write(chunk);
  req.complete = true;
  req.end();
  return read;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("readNodeBody", () => {
  it("joins the chunks in order", async () => {
    const chunks = ["ab", "cd", "ef"].map((c) => Buffer.from(c));
    expect(text(await readWhole(chunks, { maxBodyBytes: 6 }))).toBe("abcdef");
  });

  it("returns exactly the bytes of a single chunk that is a view into a larger buffer", async () => {
    const body = await readWhole([Buffer.from("..body..").subarray(2, 6)]);
    expect(body).toBeInstanceOf(Uint8Array);
    expect([...body]).toEqual([...Buffer.from("body")]);
  });

  it("resolves an empty body", async () => {
    expect((await readWhole([])).byteLength).toBe(0);
  });

  it("refuses a declared length past the limit before reading, and takes one at the limit", async () => {
    const over = fakeRequest({ headers: { "content-length": "11" } });
    const error = await refusal(readNodeBody(asReq(over), { maxBodyBytes: 10 }));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.message).toContain("larger than 10 bytes");
    expect(over.listenerCount("data")).toBe(0);
    const at = await readWhole([Buffer.from("0123456789")], { maxBodyBytes: 10 }, { "content-length": "10" });
    expect(text(at)).toBe("0123456789");
  });

  it("applies 5 MiB by default", async () => {
    const mib5 = 5 * 1024 * 1024;
    const over = fakeRequest({ headers: { "content-length": String(mib5 + 1) } });
    const error = await refusal(readNodeBody(asReq(over)));
    expect(error.message).toContain(`larger than ${mib5} bytes`);
    const at = await readWhole([Buffer.alloc(mib5, 1)], {}, { "content-length": String(mib5) });
    expect(at.byteLength).toBe(mib5);
  });

  it("refuses a stream as soon as it passes the limit, pauses it and ignores what follows", async () => {
    const req = fakeRequest();
    const read = readNodeBody(asReq(req), { maxBodyBytes: 4 });
    req.write(Buffer.from("abcd"));
    req.write(Buffer.from("e"));
    const error = await refusal(read);
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.message).toContain("larger than 4 bytes");
    expect(req.isPaused()).toBe(true);
  });

  it("a stream of exactly the limit is read whole", async () => {
    expect(text(await readWhole([Buffer.from("ab"), Buffer.from("cd")], { maxBodyBytes: 4 }))).toBe("abcd");
  });

  it("a stream error is PAYLOAD_INVALID with the cause", async () => {
    const req = fakeRequest();
    const read = readNodeBody(asReq(req));
    const cause = new Error("socket hang up");
    req.write(Buffer.from("ab"));
    req.destroy(cause);
    const error = await refusal(read);
    expect(error.code).toBe("PAYLOAD_INVALID");
    expect(error.message).toBe("[@hookwire/core] The request body could not be read.");
    expect(error.cause).toBe(cause);
  });

  it("a request closed before it was complete is PAYLOAD_INVALID (the client aborted)", async () => {
    const req = fakeRequest();
    const read = readNodeBody(asReq(req));
    req.write(Buffer.from("ab"));
    req.destroy();
    const error = await refusal(read);
    expect(error.code).toBe("PAYLOAD_INVALID");
    expect(error.message).toBe("[@hookwire/core] The client aborted the request.");
  });

  it("a request that arrived complete is still read when its connection closes before the stream ends", async () => {
    const req = fakeRequest();
    const read = readNodeBody(asReq(req));
    req.complete = true;
    req.emit("close");
    req.end(Buffer.from("whole"));
    expect(new TextDecoder().decode(await read)).toBe("whole");
  });
});

const callback = (incoming: ReturnType<typeof toIncomingWebhook>) => incoming as CallbackIncoming;

// ---------------------------------------------------------------------------------------------
// fromIncomingMessage: method, URL, headers and which bytes are the body.
// ---------------------------------------------------------------------------------------------

const some = new TextEncoder().encode("x");

async function urlOf(init: Partial<Omit<FakeRequest, keyof PassThrough>>, options = {}): Promise<string> {
  return (await fromIncomingMessage(asReq(fakeRequest(init)), { body: some, ...options })).url;
}

describe("fromIncomingMessage", () => {
  it("upper-cases the method and defaults it to GET", async () => {
    expect((await fromIncomingMessage(asReq(fakeRequest({ method: "patch" })), { body: some })).method).toBe(
      "PATCH",
    );
    expect(
      (await fromIncomingMessage(asReq(fakeRequest({ method: undefined })), { body: some })).method,
    ).toBe("GET");
  });

  it("builds the URL from the Host and the request target as the client sent them", async () => {
    const host = { host: "Hook.Example:8443" };
    expect(await urlOf({ url: "/a/../b?q={x}&y='1'", headers: host })).toBe(
      "http://Hook.Example:8443/a/../b?q={x}&y='1'",
    );
    expect(await urlOf({ url: "/p", headers: { host: "[::1]:80" } })).toBe("http://[::1]:80/p");
    expect(await urlOf({ url: "/p", headers: {} })).toBe("http://localhost/p");
    expect(await urlOf({ url: undefined, headers: host })).toBe("http://Hook.Example:8443/");
    expect(await urlOf({ url: "/p", headers: host, socket: { encrypted: true } })).toBe(
      "https://Hook.Example:8443/p",
    );
    expect(await urlOf({ url: "/p", headers: host, socket: undefined })).toBe("http://Hook.Example:8443/p");
    expect(await urlOf({ url: "/p", originalUrl: "/mount/p", headers: host })).toBe(
      "http://Hook.Example:8443/mount/p",
    );
    expect(await urlOf({ url: "/p", originalUrl: "/mount/p", headers: host }, { path: "/own" })).toBe(
      "http://Hook.Example:8443/own",
    );
  });

  it("parses a target or host that is not plain as a URL would", async () => {
    const host = { host: "hook.example" };
    // a second slash names another host
    expect(await urlOf({ url: "//other.example/p", headers: host })).toBe("http://other.example/p");
    // backslashes are slashes and spaces are escaped
    expect(await urlOf({ url: "/a\\b", headers: host })).toBe("http://hook.example/a/b");
    expect(await urlOf({ url: "/a b", headers: host })).toBe("http://hook.example/a%20b");
    expect(await urlOf({ url: "/a\tb", headers: host })).toBe("http://hook.example/ab");
    // a target that is not origin-form is resolved against the host
    expect(await urlOf({ url: "p", headers: host })).toBe("http://hook.example/p");
    // a host with characters outside the plain set is parsed (and normalised) …
    expect(await urlOf({ url: "/a/../b", headers: { host: "ex_ample.test" } })).toBe(
      "http://ex_ample.test/b",
    );
    expect(await urlOf({ url: "/a/../b", headers: { host: "ü.example" } })).toBe("http://xn--tda.example/b");
    // … and one no URL accepts falls back to localhost
    expect(await urlOf({ url: "/a/../b", headers: { host: "bad host" } })).toBe("http://localhost/b");
    expect(await urlOf({ url: "/a", headers: { host: "a b" }, socket: { encrypted: true } })).toBe(
      "https://localhost/a",
    );
  });

  it("trusts the first X-Forwarded-Proto and -Host only with trustProxy", async () => {
    const headers = {
      host: "inner:3000",
      "x-forwarded-proto": " https , http",
      "x-forwarded-host": " hook.example , inner",
    };
    expect(await urlOf({ url: "/p", headers })).toBe("http://inner:3000/p");
    expect(await urlOf({ url: "/p", headers }, { trustProxy: true })).toBe("https://hook.example/p");
    expect(await urlOf({ url: "/p", headers: { host: "inner" } }, { trustProxy: true })).toBe(
      "http://inner/p",
    );
    expect(
      await urlOf(
        { url: "/p", headers: { host: "inner", "x-forwarded-proto": "", "x-forwarded-host": " " } },
        { trustProxy: true },
      ),
    ).toBe("http://inner/p");
  });

  it("with an origin, joins it to the path, or parses what is not origin-form", async () => {
    const origin = "https://hook.example";
    expect(await urlOf({ url: "/a/../b?q='1'" }, { origin })).toBe("https://hook.example/a/../b?q='1'");
    expect(await urlOf({ url: "/x", originalUrl: "/mount/x" }, { origin })).toBe(
      "https://hook.example/mount/x",
    );
    expect(await urlOf({ url: "/x" }, { origin, path: "/own" })).toBe("https://hook.example/own");
    expect(await urlOf({ url: undefined }, { origin })).toBe("https://hook.example/");
    expect(await urlOf({ url: "//other.example/p" }, { origin })).toBe("https://other.example/p");
    expect(await urlOf({ url: "/a\\b" }, { origin })).toBe("https://hook.example/a/b");
    expect(await urlOf({ url: "/a b" }, { origin })).toBe("https://hook.example/a%20b");
    expect(await urlOf({ url: "p" }, { origin })).toBe("https://hook.example/p");
    // an origin no URL accepts: the path against localhost
    expect(await urlOf({ url: "/a b" }, { origin: "not a url" })).toBe("http://localhost/a%20b");
  });

  it("wraps the request's own headers", async () => {
    const request = await fromIncomingMessage(asReq(fakeRequest({ headers: { "x-a": "1" } })), {
      body: some,
    });
    expect(request.headers.get("X-A")).toBe("1");
  });

  it("takes options.body first, then a byte req.rawBody, then a byte req.body, else the stream", async () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    const text = async (req: FakeRequest, options = {}) =>
      new TextDecoder().decode((await fromIncomingMessage(asReq(req), options)).body);
    expect(
      await text(fakeRequest({ rawBody: bytes("raw"), body: bytes("body") }), { body: bytes("opt") }),
    ).toBe("opt");
    expect(await text(fakeRequest({ rawBody: bytes("raw"), body: bytes("body") }))).toBe("raw");
    expect(await text(fakeRequest({ rawBody: "raw", body: bytes("body") }))).toBe("body");
    const streamed = fakeRequest({ rawBody: "raw", body: "body" });
    const read = text(streamed);
    streamed.complete = true;
    streamed.end("stream");
    expect(await read).toBe("stream");
  });

  it("refuses captured bytes past the limit, and takes them at the limit", async () => {
    const req = fakeRequest({ rawBody: new Uint8Array(5) });
    const error = await refusal(fromIncomingMessage(asReq(req), { maxBodyBytes: 4 }));
    expect(error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(error.message).toContain("larger than 4 bytes");
    expect((await fromIncomingMessage(asReq(req), { maxBodyBytes: 5 })).body.byteLength).toBe(5);
    const big = fakeRequest({ rawBody: new Uint8Array(5 * 1024 * 1024 + 1) });
    expect((await refusal(fromIncomingMessage(asReq(big)))).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("tells a consumed stream with a body (RAW_BODY_UNAVAILABLE) from one without (an empty body)", async () => {
    const consumed = async (init: Partial<Omit<FakeRequest, keyof PassThrough>>, ended: boolean) => {
      const req = fakeRequest(init);
      if (ended) {
        req.resume();
        req.end();
        await once(req, "end");
      }
      return req;
    };
    const outcome = async (pending: Promise<FakeRequest>) =>
      fromIncomingMessage(asReq(await pending), { rawBodyHint: "Hint." }).then(
        (r) => `body:${r.body.byteLength}`,
        (e: WebhookError) => `${e.code}:${e.message.endsWith(" Hint.")}`,
      );
    const unavailable = "RAW_BODY_UNAVAILABLE:true";
    // the stream ended with a declared or chunked body
    expect(await outcome(consumed({ headers: { "content-length": "2" } }, true))).toBe(unavailable);
    expect(await outcome(consumed({ headers: { "transfer-encoding": "chunked" } }, true))).toBe(unavailable);
    expect(await outcome(consumed({ headers: { "content-length": "0" } }, true))).toBe("body:0");
    expect(await outcome(consumed({ headers: {} }, true))).toBe("body:0");
    // body-parser's mark, even with no length
    expect(await outcome(consumed({ _body: true, headers: {} }, false))).toBe(unavailable);
    // a parsed (non-byte) body on a complete request
    expect(
      await outcome(consumed({ body: {}, complete: true, headers: { "content-length": "2" } }, false)),
    ).toBe(unavailable);
    expect(await outcome(consumed({ body: {}, complete: true, headers: {} }, false))).toBe("body:0");
  });

  it("reads the stream when nothing says it was consumed", async () => {
    const cases: Array<Partial<Omit<FakeRequest, keyof PassThrough>>> = [
      // a parser set a body before the request was complete
      { body: {}, complete: false, headers: { "content-length": "2" } },
      { _body: "yes", headers: { "content-length": "2" } },
      { body: undefined, complete: true, headers: { "content-length": "2" } },
    ];
    for (const init of cases) {
      const req = fakeRequest(init);
      const read = fromIncomingMessage(asReq(req));
      req.end("ok");
      expect(new TextDecoder().decode((await read).body)).toBe("ok");
    }
  });

  it("gives the hint of a function the request", async () => {
    const req = fakeRequest({ _body: true, url: "/hooks/x" });
    const error = await refusal(
      fromIncomingMessage(asReq(req), { rawBodyHint: (r) => `Mount at ${r.url}.` }),
    );
    expect(error.message).toBe(
      "[@hookwire/core] A body parser read the request before Hookwire could verify the raw bytes, and kept no copy of them. Mount at /hooks/x.",
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Headers.
// ---------------------------------------------------------------------------------------------

describe("nodeHeaders and toHeaders", () => {
  const headersOf = (headers: FakeRequest["headers"], rawHeaders: string[] = []) =>
    asReq(fakeRequest({ headers, rawHeaders }));

  it("gets a header by any case, joins repeated values and answers null for an absent one", () => {
    const headers = nodeHeaders(headersOf({ "x-one": "1", "x-two": ["a", "b"], "X-Odd": "kept" }));
    expect(headers.get("x-one")).toBe("1");
    expect(headers.get("X-One")).toBe("1");
    expect(headers.get("X-TWO")).toBe("a, b");
    expect(headers.get("x-none")).toBeNull();
    expect(headers.get("X-None")).toBeNull();
    expect(headers.get("X-Odd")).toBe("kept");
  });

  it("iterates sorted names, each set-cookie apart, other repeats joined, unset ones skipped", () => {
    const headers = nodeHeaders(
      headersOf({
        "x-b": "2",
        "set-cookie": ["a=1", "b=2"],
        "x-a": ["1", "2"],
        "x-unset": undefined,
        accept: "*/*",
      }),
    );
    expect([...headers]).toEqual([
      ["accept", "*/*"],
      ["set-cookie", "a=1"],
      ["set-cookie", "b=2"],
      ["x-a", "1, 2"],
      ["x-b", "2"],
    ]);
  });

  it("toHeaders copies the raw pairs, skips a value Headers refuses, and ignores a dangling name", () => {
    const headers = toHeaders(
      headersOf({}, [
        "X-A",
        "1",
        "x-a",
        "2",
        "X-Bad",
        "a\nb",
        "X Bad",
        "1",
        "Set-Cookie",
        "c=1",
        "Set-Cookie",
        "d=2",
        "X-Dangling",
      ]),
    );
    expect([...headers]).toEqual([
      ["set-cookie", "c=1"],
      ["set-cookie", "d=2"],
      ["x-a", "1, 2"],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// toIncomingWebhook: what the router is given.
// ---------------------------------------------------------------------------------------------

describe("toIncomingWebhook", () => {
  it("gives the method as sent (GET when Node has none) and the URL built once", () => {
    const req = fakeRequest({ method: "post", url: "/a", headers: { host: "h" } });
    const incoming = toIncomingWebhook(asReq(req), undefined);
    expect(incoming.method).toBe("post");
    expect(incoming.url).toBe("http://h/a");
    req.url = "/changed";
    expect(incoming.url).toBe("http://h/a");
    expect(toIncomingWebhook(asReq(fakeRequest({ method: undefined })), undefined).method).toBe("GET");
    expect(
      toIncomingWebhook(asReq(fakeRequest({ headers: { "x-a": "1" } })), undefined).headers.get("X-A"),
    ).toBe("1");
  });

  it("gives the router the origin-form path, or none when the URL would route elsewhere", () => {
    const pathOf = (url: string | undefined, init = {}, options = {}) =>
      toIncomingWebhook(asReq(fakeRequest({ url, ...init })), undefined, options).path;
    expect(pathOf("/webhooks/x?y=1")).toBe("/webhooks/x?y=1");
    expect(pathOf(undefined)).toBe("/");
    expect(pathOf("/x", { originalUrl: "/mount/x" })).toBe("/mount/x");
    expect(pathOf("/x", { originalUrl: "/mount/x" }, { path: "/own" })).toBe("/own");
    expect(pathOf("//host/x")).toBeUndefined();
    expect(pathOf("/a\\b")).toBeUndefined();
    expect(pathOf("/a b")).toBeUndefined();
    expect(pathOf("/a\tb")).toBeUndefined();
    expect(pathOf("x")).toBeUndefined();
  });

  it("routes a target that names another host, or has backslashes, by its URL", async () => {
    const { hooks, seen } = routerWith();
    const port = await serve(createNodeHandler(hooks));
    const otherHost = await exchange(port, [post("//plain", "{}")]);
    expect(otherHost.status).toBe(404);
    expect(JSON.parse(otherHost.body).error.message).toBe(
      '[@hookwire/core] No receiver is registered for "".',
    );
    const backslash = await exchange(port, [post("/webhooks\\plain", "{}")]);
    expect(backslash.status).toBe(200);
    expect(seen.map((s) => s.url)).toEqual(["http://hook.test/webhooks/plain"]);
  });

  it("read returns captured bytes as they are, without a promise", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const incoming = toIncomingWebhook(asReq(fakeRequest()), undefined, { body: bytes });
    expect(incoming.read(3)).toBe(bytes);
  });

  it("readInto calls onBody with captured bytes at once, or onError once when they pass the limit", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const onBody = vi.fn();
    const onError = vi.fn();
    const req = fakeRequest({ rawBody: bytes });
    callback(toIncomingWebhook(asReq(req), undefined)).readInto(3, onBody, onError);
    expect(onBody.mock.calls).toEqual([[bytes]]);
    callback(toIncomingWebhook(asReq(req), undefined)).readInto(2, onBody, onError);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(onBody).toHaveBeenCalledTimes(1);
    expect(req.listenerCount("data")).toBe(0);
  });

  it("readInto reads the stream, and after a refusal calls nothing again and stops listening for data", async () => {
    const req = fakeRequest();
    const onBody = vi.fn();
    let refusedWith!: (error: unknown) => void;
    const refused = new Promise<unknown>((resolve) => {
      refusedWith = resolve;
    });
    const onRefusal = vi.fn((error: unknown) => refusedWith(error));
    callback(toIncomingWebhook(asReq(req), undefined)).readInto(1, onBody, onRefusal);
    req.write(Buffer.from("ab"));
    expect(await refused).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(req.listenerCount("data")).toBe(0);
    const onError = vi.fn();
    const again = fakeRequest();
    const read = new Promise<Uint8Array>((resolve) =>
      callback(toIncomingWebhook(asReq(again), undefined)).readInto(4, resolve, onError),
    );
    again.write(Buffer.from("ab"));
    again.complete = true;
    again.end(Buffer.from("c"));
    expect(new TextDecoder().decode(await read)).toBe("abc");
    // events after the outcome change nothing
    again.emit("error", new Error("late"));
    again.emit("close");
    req.emit("error", new Error("late"));
    req.emit("close");
    req.emit("end");
    expect(onError).not.toHaveBeenCalled();
    expect(onRefusal).toHaveBeenCalledTimes(1);
    expect(onBody).not.toHaveBeenCalled();
  });

  it("read refuses captured bytes past the router's limit and reads the stream up to it", async () => {
    const captured = toIncomingWebhook(asReq(fakeRequest({ rawBody: new Uint8Array(4) })), undefined);
    expect(() => captured.read(3)).toThrow(expect.objectContaining({ code: "PAYLOAD_TOO_LARGE" }));
    const req = fakeRequest();
    const read = toIncomingWebhook(asReq(req), undefined, { maxBodyBytes: 1 }).read(3);
    req.complete = true;
    req.end("abc");
    expect(new TextDecoder().decode(await read)).toBe("abc");
  });
});

// ---------------------------------------------------------------------------------------------
// The client's disconnect (context.signal).
// ---------------------------------------------------------------------------------------------

describe("onDisconnect", () => {
  type Target = EventEmitter & { destroyed: boolean; writableFinished?: boolean; complete?: boolean };
  const target = (init: Partial<Target>): Target =>
    Object.assign(new EventEmitter(), { destroyed: false }, init);
  const watch = (req: Target, res: Target | undefined) => {
    const incoming = toIncomingWebhook(
      req as unknown as IncomingMessage,
      res as unknown as ServerResponse | undefined,
    );
    const abort = vi.fn();
    incoming.onDisconnect!(abort);
    return abort;
  };

  it("aborts at once when the response is already closed unfinished", () => {
    const abort = watch(target({ complete: true }), target({ destroyed: true, writableFinished: false }));
    expect(abort).toHaveBeenCalledTimes(1);
  });

  it("does not abort for a response closed after it finished", () => {
    const res = target({ destroyed: true, writableFinished: true });
    const abort = watch(target({ complete: false }), res);
    res.emit("close");
    expect(abort).not.toHaveBeenCalled();
  });

  it("aborts when the response closes unfinished later, and only then", () => {
    const res = target({ writableFinished: false });
    const abort = watch(target({ complete: true }), res);
    expect(abort).not.toHaveBeenCalled();
    res.emit("close");
    expect(abort).toHaveBeenCalledTimes(1);
    res.emit("close");
    expect(abort).toHaveBeenCalledTimes(1);
    const finished = target({ writableFinished: false });
    const kept = watch(target({ complete: false }), finished);
    finished.writableFinished = true;
    finished.emit("close");
    expect(kept).not.toHaveBeenCalled();
  });

  it("without a response, watches the request: closed before it was complete", () => {
    expect(watch(target({ destroyed: true, complete: false }), undefined)).toHaveBeenCalledTimes(1);
    expect(watch(target({ destroyed: true, complete: true }), undefined)).not.toHaveBeenCalled();
    const req = target({ complete: false });
    const abort = watch(req, undefined);
    expect(abort).not.toHaveBeenCalled();
    req.emit("close");
    expect(abort).toHaveBeenCalledTimes(1);
    const whole = target({ complete: true });
    const kept = watch(whole, undefined);
    whole.emit("close");
    expect(kept).not.toHaveBeenCalled();
  });

  it("leaves context.signal unaborted when the answer was written before the connection closed", async () => {
    const { hooks } = routerWith();
    let signal: AbortSignal | undefined;
    hooks.on("plain", "ping", (_event, context) => {
      signal = context.signal;
    });
    let closed!: () => void;
    const resClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const handler = createNodeHandler(hooks);
    const port = await serve((req, res) => {
      res.on("close", () => closed());
      handler(req, res);
    });
    const answer = await exchange(port, [post("/webhooks/plain", "{}", ["connection: close"])]);
    expect(answer.status).toBe(200);
    await resClosed;
    expect(signal?.aborted).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Writing answers.
// ---------------------------------------------------------------------------------------------

describe("writing the answer", () => {
  const okReceiver = defineReceiver<{ ping: unknown }, "r">({
    provider: "r",
    packageName: "@hookwire/r",
    verify: () => ({ type: "ping", payload: {} }),
  });

  it("writes a handler's Response without a body for HEAD, cancelling its stream", async () => {
    const hooks = createWebhooks({
      receivers: {
        r: defineReceiver<{ ping: unknown }, "r">({ ...okReceiverDefinition(), methods: ["HEAD"] }),
      },
    });
    let cancelled = 0;
    hooks.on("r", "ping", () => {
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("streamed"));
        },
        cancel() {
          cancelled++;
        },
      });
      return new Response(body, { status: 203, headers: { "x-h": "1" } });
    });
    const port = await serve(createNodeHandler(hooks));
    const answer = await exchange(port, [head("HEAD", "/r")], true);
    expect(answer.status).toBe(203);
    expect(header(answer, "x-h")).toBe("1");
    expect(header(answer, "content-length")).toBeUndefined();
    expect(cancelled).toBe(1);
  });

  it("writes a 204 Response with no body and no Content-Length", async () => {
    const hooks = createWebhooks({ receivers: { r: okReceiver } });
    hooks.on("r", "ping", () => new Response(null, { status: 204 }));
    const port = await serve(createNodeHandler(hooks));
    const answer = await exchange(port, [post("/r", "{}", ["connection: close"])]);
    expect(answer.status).toBe(204);
    expect(header(answer, "content-length")).toBeUndefined();
    expect(answer.body).toBe("");
  });

  it("writes the router's own Response (handle only) with its byte length, and no body for HEAD", async () => {
    const hooks = createWebhooks({ receivers: { r: okReceiver } });
    const port = await serve(createNodeHandler({ handle: hooks.handle }));
    const answer = await exchange(port, [post("/%C3%BC", "{}")]);
    expect(answer.status).toBe(404);
    const message = '[@hookwire/core] No receiver is registered for "ü".';
    expect(JSON.parse(answer.body)).toEqual({ error: { code: "RECEIVER_NOT_FOUND", message } });
    expect(header(answer, "content-length")).toBe(String(Buffer.byteLength(answer.body)));
    expect(Buffer.byteLength(answer.body)).toBeGreaterThan(answer.body.length);
    const headAnswer = await exchange(port, [head("HEAD", "/%C3%BC")], true);
    expect(headAnswer.status).toBe(404);
    expect(header(headAnswer, "content-length")).toBeUndefined();
  });

  it("writes Hookwire's JSON with its byte length and the error's own headers", async () => {
    const hooks = createWebhooks({ receivers: { r: okReceiver } });
    const port = await serve(createNodeHandler(hooks));
    const answer = await exchange(port, [head("GET", "/r", ["connection: close"])]);
    expect(answer.status).toBe(405);
    expect(header(answer, "allow")).toBe("POST");
    expect(header(answer, "content-type")).toBe("application/json; charset=utf-8");
    expect(header(answer, "content-length")).toBe(String(Buffer.byteLength(answer.body)));
    expect(errorCode(answer)).toBe("METHOD_NOT_ALLOWED");
    const notFound = await exchange(port, [post("/%C3%BC", "{}")]);
    expect(header(notFound, "content-length")).toBe(String(Buffer.byteLength(notFound.body)));
    expect(Buffer.byteLength(notFound.body)).toBeGreaterThan(notFound.body.length);
  });

  it("writeResult writes no body for HEAD, and nothing once headers are sent or the response is gone", () => {
    const req = { complete: true, readableEnded: true, method: "HEAD" } as unknown as IncomingMessage;
    const res = { headersSent: false, destroyed: false, writeHead: vi.fn(), end: vi.fn() };
    const result: RouteResult = { status: 404, headers: { "x-a": "1" }, body: "ü!" };
    writeResult(req, res as unknown as ServerResponse, result);
    expect(res.writeHead).toHaveBeenCalledWith(404, { "x-a": "1", "content-length": 3 });
    expect(res.end).toHaveBeenCalledWith();
    writeResult(req, res as unknown as ServerResponse, result, "POST");
    expect(res.end).toHaveBeenLastCalledWith("ü!");
    const get = { complete: true, readableEnded: true } as unknown as IncomingMessage;
    writeResult(get, res as unknown as ServerResponse, result);
    expect(res.end).toHaveBeenLastCalledWith("ü!");
    expect(res.end).toHaveBeenCalledTimes(3);
    for (const gone of [
      { ...res, headersSent: true },
      { ...res, destroyed: true },
    ]) {
      writeResult(req, gone as unknown as ServerResponse, result);
    }
    expect(res.writeHead).toHaveBeenCalledTimes(3);
    expect(res.end).toHaveBeenCalledTimes(3);
  });
});

function okReceiverDefinition() {
  return {
    provider: "r" as const,
    packageName: "@hookwire/r",
    verify: () => ({ type: "ping", payload: {} }),
  };
}

// ---------------------------------------------------------------------------------------------
// An early answer to an unread upload: the rest is discarded, then the connection closed.
// ---------------------------------------------------------------------------------------------

describe("draining an unread upload after an early answer", () => {
  function unread() {
    const req = Object.assign(new EventEmitter(), {
      complete: false,
      readableEnded: false,
      method: "POST",
      destroy: vi.fn(),
      resume: vi.fn(),
    });
    const res = { headersSent: false, destroyed: false, writeHead: vi.fn(), end: vi.fn() };
    writeError(
      req as unknown as IncomingMessage,
      res as unknown as ServerResponse,
      new WebhookError("PAYLOAD_TOO_LARGE", "too large"),
    );
    return { req, res };
  }
  const chunk = (length: number) => ({ length }) as Buffer;

  it("answers with Connection: close and reads on, discarding", () => {
    vi.useFakeTimers();
    const { req, res } = unread();
    const body = JSON.stringify({ error: { code: "PAYLOAD_TOO_LARGE", message: "too large" } });
    expect(res.writeHead).toHaveBeenCalledWith(413, {
      "content-type": "application/json; charset=utf-8",
      "content-length": body.length,
      connection: "close",
    });
    expect(res.end).toHaveBeenCalledWith(body);
    expect(req.resume).toHaveBeenCalledTimes(1);
    expect(req.listenerCount("data")).toBe(1);
  });

  /**
   * Run the steps on a fake clock after the early answer: a number advances it that many ms, `{ data }`
   * emits a chunk of that length, "end" ends the upload. Returns how often the request was destroyed
   * after each step.
   */
  function drain(steps: ReadonlyArray<number | { data: number } | "end">): number[] {
    vi.useFakeTimers();
    const { req } = unread();
    return steps.map((step) => {
      if (typeof step === "number") vi.advanceTimersByTime(step);
      else if (step === "end") req.emit("end");
      else req.emit("data", chunk(step.data));
      return req.destroy.mock.calls.length;
    });
  }

  it("closes after 1 s without a byte, the bound restarting with each chunk", () => {
    expect(drain([999, { data: 10 }, 999, 1, 20_000])).toEqual([0, 0, 0, 1, 1]);
  });

  it("closes 10 s after the answer at the latest, however steadily the client sends", () => {
    const steady = Array.from({ length: 11 }, () => [900, { data: 1 }] as const).flat();
    // 9 900 ms of steady chunks, then 99 ms more, then the 10th second
    expect(drain([...steady, 99, 1]).slice(-3)).toEqual([0, 0, 1]);
  });

  it("closes once more than 16 MiB were discarded, and stops its timers", () => {
    expect(drain([{ data: 16 * 1024 * 1024 - 1 }, { data: 1 }, { data: 1 }, 20_000])).toEqual([0, 0, 1, 1]);
  });

  it("stops its timers when the upload ends", () => {
    expect(drain([{ data: 5 }, "end", 20_000])).toEqual([0, 0, 0]);
  });

  it("keeps no timer that holds the process open", () => {
    const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const { req } = unread();
    req.emit("data", chunk(5));
    const during = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    req.emit("end");
    expect(during).toBe(before);
  });

  it("a request that was read (or ended) keeps its connection and is not drained", () => {
    for (const state of [
      { complete: true, readableEnded: false },
      { complete: false, readableEnded: true },
    ]) {
      const req = Object.assign(new EventEmitter(), state, { resume: vi.fn() });
      const res = { headersSent: false, destroyed: false, writeHead: vi.fn(), end: vi.fn() };
      writeError(
        req as unknown as IncomingMessage,
        res as unknown as ServerResponse,
        new WebhookError("PAYLOAD_INVALID", "x"),
      );
      expect(res.writeHead.mock.calls[0]![1]).not.toHaveProperty("connection");
      expect(req.resume).not.toHaveBeenCalled();
      expect(req.listenerCount("data")).toBe(0);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// handleNodeRequest, createNodeHandler and failures outside the router.
// ---------------------------------------------------------------------------------------------

describe("handleNodeRequest and failures", () => {
  it("settles when the answer is written, through each router shape", async () => {
    for (const [, shape] of shapes) {
      const { hooks } = routerWith();
      const settled: string[] = [];
      const port = await serve((req, res) => {
        handleNodeRequest(shape(hooks), req, res).then(
          () => settled.push(`resolved:${res.headersSent}`),
          () => settled.push("rejected"),
        );
      });
      hooks.on("plain", "own", () => new Response("own", { status: 201 }));
      const answer = await exchange(port, [post("/webhooks/plain", "{}")]);
      expect(answer.status).toBe(200);
      const own = await exchange(port, [post("/webhooks/plain", "{}", ["x-type: own"])]);
      expect(own.status).toBe(201);
      expect(own.body).toBe("own");
      expect(settled).toEqual(["resolved:true", "resolved:true"]);
    }
  });

  it("rejects (without throwing) when route throws, and a bare handler answers 500 and reports it", async () => {
    const cause = new Error("boom");
    const reported: string[] = [];
    const router: NodeRouter = {
      handle: () => Promise.reject(new Error("unused")),
      route: () => {
        throw cause;
      },
      report: async (error, context) => {
        reported.push(`${context.phase}:${error.code}:${error.message}:${error.cause === cause}`);
      },
    };
    const fake = fakeRequest();
    let promise: Promise<void> | undefined;
    expect(() => {
      promise = handleNodeRequest(router, asReq(fake), {} as ServerResponse);
    }).not.toThrow();
    await expect(promise).rejects.toBe(cause);
    const port = await serve(createNodeHandler(router));
    const answer = await exchange(port, [post("/x", "{}")]);
    expect(refusalText(answer)).toBe(`500 INTERNAL_ERROR: [@hookwire/core] The request failed.`);
    expect(reported).toEqual(["route:INTERNAL_ERROR:[@hookwire/core] The request failed.:true"]);
  });

  /**
   * One request through handleNodeRequest (how its promise settles; the connection is dropped on a
   * rejection) and again through a bare createNodeHandler (the answer written).
   */
  async function bothWays(hooks: Webhooks, request: string): Promise<{ settled: string; answer: Answer }> {
    let settled = "pending";
    const direct = await serve((req, res) => {
      handleNodeRequest(hooks, req, res).then(
        () => {
          settled = "resolved";
        },
        (error: NodeJS.ErrnoException) => {
          settled = `rejected:${error.code}`;
          res.destroy();
        },
      );
    });
    await exchange(direct, [request]).catch(() => undefined);
    const answer = await exchange(await serve(createNodeHandler(hooks)), [request]);
    return { settled, answer };
  }

  it("a handler's Response Node cannot write (a control character in a header) fails the request: rejected, or 500 reported", async () => {
    const reported: string[] = [];
    const { hooks } = routerWith({ onError: (code, phase) => reported.push(`${phase}:${code}`) });
    hooks.on(
      "plain",
      "bad",
      () => new Response("x", { statusText: "Fine", headers: { "x-name": "a\u0001b" } }),
    );
    const { settled, answer } = await bothWays(hooks, post("/webhooks/plain", "{}", ["x-type: bad"]));
    expect(settled).toBe("rejected:ERR_INVALID_CHAR");
    // the refusal's own status text, not the one of the answer that could not be written
    expect([answer.status, answer.statusText]).toEqual([500, "Internal Server Error"]);
    expect(errorCode(answer)).toBe("INTERNAL_ERROR");
    expect(reported).toEqual(["route:INTERNAL_ERROR"]);
  });

  it("an answer whose own headers Node refuses fails the request the same way (written synchronously)", async () => {
    const reported: string[] = [];
    const refusing = defineReceiver<{ ping: unknown }, "refusing">({
      provider: "refusing",
      packageName: "@hookwire/refusing",
      verify() {
        throw new WebhookError("SIGNATURE_INVALID", "[@hookwire/refusing] no", { headers: { "x-why": "ā" } });
      },
    });
    const hooks = createWebhooks({
      receivers: { refusing },
      onError: (error, context) => {
        reported.push(`${context.phase}:${error.code}`);
      },
    });
    const { settled, answer } = await bothWays(hooks, post("/refusing", "{}"));
    expect(settled).toBe("rejected:ERR_INVALID_CHAR");
    expect([answer.status, answer.statusText]).toEqual([500, "Internal Server Error"]);
    expect(errorCode(answer)).toBe("INTERNAL_ERROR");
    expect(reported).toEqual([
      "verify:SIGNATURE_INVALID",
      "verify:SIGNATURE_INVALID",
      "route:INTERNAL_ERROR",
    ]);
  });

  it("a handle-only router gets the router's limit, an option's before it, and 5 MiB without either", async () => {
    const { hooks } = routerWith({ maxBodyBytes: 8 });
    const limited = async (router: NodeRouter, options: NodeHandlerOptions, length: number) => {
      const port = await serve(createNodeHandler(router, options));
      const answer = await exchange(port, [head("POST", "/webhooks/plain", [`content-length: ${length}`])]);
      return answer.status === 413 ? JSON.parse(answer.body).error.message : answer.status;
    };
    const tooLarge = (n: number) =>
      `[@hookwire/core] The request body is larger than ${n} bytes. Raise maxBodyBytes if this provider sends larger bodies.`;
    expect(await limited({ handle: hooks.handle, maxBodyBytes: 4 }, {}, 5)).toBe(tooLarge(4));
    expect(await limited({ handle: hooks.handle, maxBodyBytes: 4 }, { maxBodyBytes: 2 }, 3)).toBe(
      tooLarge(2),
    );
    expect(await limited({ handle: hooks.handle }, {}, 5 * 1024 * 1024 + 1)).toBe(tooLarge(5 * 1024 * 1024));
  });

  it("a handle-only router: a read that fails with no WebhookError is INTERNAL_ERROR, written unless an answer was started", async () => {
    const handle = vi.fn();
    for (const headersSent of [false, true]) {
      const req = fakeRequest({ complete: true });
      Object.defineProperty(req, "headers", {
        get() {
          throw new TypeError("no headers");
        },
      });
      const res = { headersSent, destroyed: false, writeHead: vi.fn(), end: vi.fn() };
      await handleNodeRequest({ handle }, asReq(req), res as unknown as ServerResponse);
      if (headersSent) {
        expect(res.writeHead).not.toHaveBeenCalled();
        expect(res.end).not.toHaveBeenCalled();
      } else {
        expect(res.writeHead.mock.calls[0]![0]).toBe(500);
        expect(JSON.parse(res.end.mock.calls[0]![0] as string)).toEqual({
          error: { code: "INTERNAL_ERROR", message: "[@hookwire/core] The request could not be read." },
        });
      }
    }
    expect(handle).not.toHaveBeenCalled();
  });

  it("a handle-only router: its answer is written with the request, unless an answer was started", async () => {
    const { hooks } = routerWith();
    const handle = vi.fn((request: Parameters<Webhooks["handle"]>[0], options?: NodeHandlerOptions) =>
      hooks.handle(request, options),
    );
    for (const headersSent of [false, true]) {
      const req = fakeRequest({ url: "/webhooks/plain", complete: true });
      const res = { headersSent, destroyed: false, statusCode: 0, setHeader: vi.fn(), end: vi.fn() };
      await handleNodeRequest({ handle }, asReq(req), res as unknown as ServerResponse, {
        body: new TextEncoder().encode("{}"),
      });
      expect(res.end).toHaveBeenCalledTimes(headersSent ? 0 : 1);
      expect(res.statusCode).toBe(headersSent ? 0 : 200);
    }
    expect(handle).toHaveBeenCalledTimes(2);
  });

  it("failNodeRequest reports a coded error as it is, and drops a connection whose answer was started", async () => {
    const reported: string[] = [];
    const router: NodeRouter = {
      handle: () => Promise.reject(new Error("unused")),
      report: async (error, context) => {
        reported.push(`${context.phase}:${error.code}`);
      },
    };
    const port = await serve((req, res) => {
      if (req.url === "/started") {
        res.writeHead(200, { "content-length": "10" });
        res.write("part");
      }
      void failNodeRequest(
        router,
        req,
        res,
        new WebhookError("HEADER_INVALID", "[@hookwire/x] bad"),
        "@hookwire/x",
      );
    });
    const answer = await exchange(port, [post("/coded", "{}")]);
    expect(refusalText(answer)).toBe(`400 HEADER_INVALID: [@hookwire/x] bad`);
    await expect(exchange(port, [post("/started", "{}")])).rejects.toThrow(/without an answer|ECONNRESET/);
    expect(reported).toEqual(["route:HEADER_INVALID", "route:HEADER_INVALID"]);
  });

  it("failNodeRequest names the package in an uncoded failure, and needs no report", async () => {
    const port = await serve((req, res) => {
      void failNodeRequest(
        { handle: () => Promise.reject(new Error("unused")) },
        req,
        res,
        "odd",
        "@hookwire/x",
      );
    });
    const answer = await exchange(port, [post("/x", "{}")]);
    expect(refusalText(answer)).toBe(`500 INTERNAL_ERROR: [@hookwire/x] The request failed.`);
  });

  it("assertNoAdapterLimit refuses a maxBodyBytes given to an adapter, with the fix", () => {
    expect(() => assertNoAdapterLimit(undefined, "@hookwire/x")).not.toThrow();
    expect(() => assertNoAdapterLimit({}, "@hookwire/x")).not.toThrow();
    expect(() => assertNoAdapterLimit({ maxBodyBytes: undefined }, "@hookwire/x")).not.toThrow();
    let error: unknown;
    try {
      assertNoAdapterLimit({ maxBodyBytes: 1024 }, "@hookwire/x");
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: "CONFIGURATION_INVALID",
      message:
        "[@hookwire/x] maxBodyBytes is set once, on the router: createWebhooks({ receivers, maxBodyBytes: 1024 }); the adapter reads it from there. Remove it from the adapter's options.",
    });
  });
});
