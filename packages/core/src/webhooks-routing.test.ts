import { afterEach, describe, expect, it, vi } from "vitest";
import { WebhookError } from "./errors.js";
import { defineReceiver } from "./receiver.js";
import { rawText } from "./response.js";
import type { Receiver, WebhookRequest } from "./types.js";
import {
  type CallbackIncoming,
  createWebhooks,
  type ErrorContext,
  type IncomingWebhook,
  ROUTE_INTO,
  type RouteInto,
  type RouteResult,
  resultToResponse,
} from "./webhooks.js";

/** A receiver that takes the event type and id from headers (no signature: routing is under test). */
function plain(provider = "plain", extra: { deadlineMs?: number } = {}) {
  return defineReceiver<Record<string, unknown>, string>({
    provider,
    packageName: `@hookwire/${provider}`,
    ...extra,
    verify(request) {
      const type = request.headers.get("x-type");
      if (!type) throw new WebhookError("HEADER_INVALID", `[@hookwire/${provider}] no type`);
      return { type, id: request.headers.get("x-id") ?? undefined, payload: {} };
    },
  });
}

function incoming(url: string, options: { method?: string; type?: string; id?: string } = {}) {
  const headers = new Headers({ "x-type": options.type ?? "ping" });
  if (options.id) headers.set("x-id", options.id);
  const read = vi.fn(() => new Uint8Array(0));
  const request: IncomingWebhook = { method: options.method ?? "POST", url, headers, read };
  return { request, read };
}

function recorder() {
  const seen: Array<{ code: string; message: string; cause: unknown; context: ErrorContext }> = [];
  const onError = (error: WebhookError, context: ErrorContext) => {
    seen.push({ code: error.code, message: error.message, cause: error.cause, context });
  };
  return { seen, onError };
}

describe("routing by URL", () => {
  const hooks = createWebhooks({ receivers: { plain: plain(), other: plain("other") } });
  const routed: string[] = [];
  hooks.on("plain", "*", (_event, context) => {
    routed.push(`plain:${context.receiver}`);
  });
  hooks.on("other", "*", () => {
    routed.push("other");
  });

  it.each([
    ["https://example.test/webhooks/plain", 200],
    ["https://example.test/webhooks/plain?x=1", 200],
    ["https://example.test/webhooks/plain?x=1#f", 200],
    ["https://example.test/webhooks/plain?x=a/b#f/g", 200],
    ["https://example.test/webhooks/plain#f?x/y", 200],
    ["https://example.test/webhooks/plain/", 200],
    ["https://example.test/webhooks/plain//", 200],
    ["https://example.test/plain", 200],
    ["https://example.test/pl%61in", 200],
    ["https://example.test/webhooks/plain/tenant-1", 200],
    ["/webhooks/plain", 200],
    ["plain", 404],
    ["https://example.test/webhooks/pl%E0%A4%A", 404],
    ["https://example.test/", 404],
    ["https://example.test", 404],
    ["https://example.test//", 404],
    // the host is never a path segment, even when it is named like a receiver
    ["https://plain/unknown", 404],
    ["https://plain", 404],
    ["https://example.test/webhooks/nope", 404],
    ["https://example.test/plain/x/y", 404],
    ["https://example.test/webhooks/%70lain%2Fx", 404],
    ["https://example.test/%70lain", 200],
    // a relative path without its leading "/" has no segment before the last
    ["plain/x", 404],
    // a "/" or a URL in the query or fragment is no path
    ["?x=/plain", 404],
    ["#/plain", 404],
    ["https://example.test?x=/plain", 404],
    ["https://example.test#/plain", 404],
    ["https://example.test?next=https://example.test/plain", 404],
    ["/webhooks/plain?next=https://example.test/nope", 200],
    ["/webhooks/plain#https://example.test/nope", 200],
  ])("%s → %i", async (url, status) => {
    const result = await hooks.route(incoming(url).request);
    expect(result.status).toBe(status);
  });

  it("takes the last segment when it names a receiver, else the one before it with the last as the id", async () => {
    const ids: Array<string | undefined> = [];
    const tenantHooks = createWebhooks({ receivers: { plain: plain(), other: plain("other") } });
    tenantHooks.on("plain", "*", (event) => {
      ids.push(event.request.params?.id);
    });
    tenantHooks.on("other", "*", (event) => {
      ids.push(`other:${event.request.params?.id}`);
    });
    await tenantHooks.route(incoming("https://example.test/plain/t%201").request);
    await tenantHooks.route(incoming("https://example.test/plain/other").request);
    await tenantHooks.route(incoming("https://example.test/webhooks/plain").request);
    await tenantHooks.route(incoming("https://example.test/x").request, { receiver: "plain", id: "given" });
    expect(ids).toEqual(["t 1", "other:undefined", undefined, "given"]);
  });

  it("an empty segment names no receiver, not even one named by the empty string", async () => {
    const named = createWebhooks({ receivers: { "": plain("empty"), plain: plain() } });
    const ran: string[] = [];
    named.on("", "*", () => void ran.push("empty"));
    named.on("plain", "*", (event) => void ran.push(`plain:${event.request.params?.id}`));
    for (const url of ["https://example.test/webhooks//x", "https://example.test//", "/x"]) {
      expect((await named.route(incoming(url).request)).status).toBe(404);
    }
    expect((await named.route(incoming("https://example.test/plain//x").request)).status).toBe(404);
    expect((await named.route(incoming("https://example.test/plain/x/").request)).status).toBe(200);
    expect(ran).toEqual(["plain:x"]);
  });

  it("gives the event's request an id parameter only when the route has one", async () => {
    const requests: WebhookRequest[] = [];
    const tenantHooks = createWebhooks({ receivers: { plain: plain() } });
    tenantHooks.on("plain", "*", (event) => void requests.push(event.request));
    await tenantHooks.route(incoming("https://example.test/webhooks/plain").request);
    await tenantHooks.route(incoming("https://example.test/webhooks/plain/t1").request);
    expect(Object.hasOwn(requests[0]!, "params")).toBe(false);
    expect(requests[1]!.params).toStrictEqual({ id: "t1" });
  });

  it("routes by the bridge's path when it gives one", async () => {
    const { request } = incoming("https://example.test/webhooks/nope");
    expect((await hooks.route({ ...request, path: "/webhooks/plain" })).status).toBe(200);
  });
});

describe("refusals before the body is read: codes, messages and onError context", () => {
  it("404 names the receiver asked for; 405 names the method, the receiver and the allowed methods", async () => {
    const { seen, onError } = recorder();
    const hooks = createWebhooks({ receivers: { plain: plain() }, onError });
    const unknown = incoming("https://example.test/webhooks/nope");
    const notFound = await hooks.route(unknown.request);
    expect(notFound.status).toBe(404);
    expect(notFound.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(notFound.body)).toEqual({
      error: {
        code: "RECEIVER_NOT_FOUND",
        message: '[@hookwire/core] No receiver is registered for "nope".',
      },
    });
    expect((await hooks.route(incoming("https://example.test/").request)).body).toContain(
      'No receiver is registered for \\"\\".',
    );
    const put = incoming("https://example.test/webhooks/plain", { method: "put" });
    const refused = await hooks.route(put.request);
    expect(refused.status).toBe(405);
    expect(refused.headers.allow).toBe("POST");
    expect(JSON.parse(refused.body).error.message).toBe(
      "[@hookwire/core] PUT is not accepted by the plain receiver.",
    );
    expect(unknown.read).not.toHaveBeenCalled();
    expect(put.read).not.toHaveBeenCalled();
    expect(seen.map((s) => [s.code, s.context])).toEqual([
      ["RECEIVER_NOT_FOUND", { phase: "route" }],
      ["RECEIVER_NOT_FOUND", { phase: "route" }],
      ["METHOD_NOT_ALLOWED", { phase: "route", receiver: "plain" }],
    ]);
  });

  it("accepts POST in any case, and no other method whose name is four letters", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain() } });
    expect(
      (await hooks.route(incoming("https://example.test/plain", { method: "post" }).request)).status,
    ).toBe(200);
    expect(
      (await hooks.route(incoming("https://example.test/plain", { method: "POST" }).request)).status,
    ).toBe(200);
    for (const method of ["HEAD", "PUSH", "GET", ""]) {
      expect((await hooks.route(incoming("https://example.test/plain", { method }).request)).status).toBe(
        405,
      );
    }
  });

  it("a declared event method named POST adds nothing to Allow", async () => {
    const receiver = { ...plain(), methods: ["post", "put"] } as Receiver<any, string>;
    const hooks = createWebhooks({ receivers: { plain: receiver } });
    const refused = await hooks.route(incoming("https://example.test/plain", { method: "DELETE" }).request);
    expect(refused.headers.allow).toBe("POST, PUT");
  });

  it("a handshake without handshakeMethods adds no method: GET is 405 with Allow POST", async () => {
    const receiver: Receiver<any, string> = { ...plain(), handshake: async () => undefined };
    const hooks = createWebhooks({ receivers: { plain: receiver } });
    const refused = await hooks.route(incoming("https://example.test/plain", { method: "GET" }).request);
    expect(refused.status).toBe(405);
    expect(refused.headers.allow).toBe("POST");
  });

  it("a body that cannot be read, thrown or rejected with a plain error, is PAYLOAD_INVALID with the cause", async () => {
    const { seen, onError } = recorder();
    const hooks = createWebhooks({ receivers: { plain: plain() }, onError });
    const cause = new Error("socket hang up");
    const base = incoming("https://example.test/plain").request;
    const thrown = await hooks.route({
      ...base,
      read: () => {
        throw cause;
      },
    });
    const rejected = await hooks.route({ ...base, read: () => Promise.reject(cause) });
    for (const result of [thrown, rejected]) {
      expect(result.status).toBe(400);
      expect(JSON.parse(result.body).error).toEqual({
        code: "PAYLOAD_INVALID",
        message: "[@hookwire/core] The request body could not be read.",
      });
    }
    expect(seen.map((s) => [s.code, s.cause, s.context])).toEqual([
      ["PAYLOAD_INVALID", cause, { phase: "route", receiver: "plain" }],
      ["PAYLOAD_INVALID", cause, { phase: "route", receiver: "plain" }],
    ]);
  });
});

describe("receivers that throw plain errors (not made with defineReceiver)", () => {
  const cause = new TypeError("x is undefined");
  const bare = (handshake: boolean): Receiver<any, string> => ({
    provider: "bare",
    verify: () => Promise.reject(cause),
    ...(handshake
      ? {
          handshakeMethods: ["GET"],
          handshake: async () => {
            throw cause;
          },
        }
      : {}),
  });

  it("a verify failure is INTERNAL_ERROR naming the receiver, in phase verify with the request", async () => {
    const { seen, onError } = recorder();
    const hooks = createWebhooks({ receivers: { bare: bare(false) }, onError });
    const result = await hooks.route(incoming("https://example.test/bare").request);
    expect(result.status).toBe(500);
    expect(JSON.parse(result.body).error).toEqual({
      code: "INTERNAL_ERROR",
      message: "[@hookwire/core] The bare receiver failed.",
    });
    expect(seen[0]).toMatchObject({
      code: "INTERNAL_ERROR",
      cause,
      context: { phase: "verify", receiver: "bare" },
    });
    expect(seen[0]!.context.request?.url).toBe("https://example.test/bare");
  });

  it("a handshake failure is HANDSHAKE_FAILED naming the receiver, in phase handshake with the request", async () => {
    const { seen, onError } = recorder();
    const hooks = createWebhooks({ receivers: { bare: bare(true) }, onError });
    const result = await hooks.route(incoming("https://example.test/bare", { method: "GET" }).request);
    expect(result.status).toBe(403);
    expect(JSON.parse(result.body).error).toEqual({
      code: "HANDSHAKE_FAILED",
      message: "[@hookwire/core] The bare handshake failed.",
    });
    expect(seen[0]).toMatchObject({
      code: "HANDSHAKE_FAILED",
      cause,
      context: { phase: "handshake", receiver: "bare" },
    });
    expect(seen[0]!.context.request?.method).toBe("GET");
  });

  it("a handshake-only method that is not a handshake is 405 with Allow, in phase route with the request", async () => {
    const { seen, onError } = recorder();
    const receiver: Receiver<any, string> = {
      ...plain(),
      handshakeMethods: ["get"],
      handshake: async () => undefined,
    };
    const hooks = createWebhooks({ receivers: { plain: receiver }, onError });
    const result = await hooks.route(incoming("https://example.test/plain", { method: "GET" }).request);
    expect(result.status).toBe(405);
    expect(result.headers.allow).toBe("POST, GET");
    expect(JSON.parse(result.body).error.message).toBe(
      "[@hookwire/core] GET is only accepted for the plain handshake.",
    );
    expect(seen[0]).toMatchObject({
      code: "METHOD_NOT_ALLOWED",
      context: { phase: "route", receiver: "plain" },
    });
    expect(seen[0]!.context.request?.method).toBe("GET");
    // a POST that is no handshake is verified as usual
    expect((await hooks.route(incoming("https://example.test/plain").request)).status).toBe(200);
  });
});

describe("handler failures", () => {
  it("a handler's own WebhookError reaches onError as it is; the answer is HANDLER_FAILED with it as cause", async () => {
    const { seen, onError } = recorder();
    const hooks = createWebhooks({ receivers: { plain: plain() }, onError });
    const own = new WebhookError("CONFLICT", "[@acme] already shipped");
    hooks.on("plain", "order", () => {
      throw own;
    });
    const plainCause = new Error("db down");
    hooks.on("plain", "refund", () => {
      throw plainCause;
    });
    const conflict = await hooks.route(incoming("https://example.test/plain", { type: "order" }).request);
    expect(conflict.status).toBe(500);
    expect(JSON.parse(conflict.body).error).toEqual({
      code: "HANDLER_FAILED",
      message: '[@hookwire/core] A handler for plain "order" failed.',
    });
    expect(conflict.error?.cause).toBe(own);
    const failed = await hooks.route(incoming("https://example.test/plain", { type: "refund" }).request);
    expect(failed.error?.code).toBe("HANDLER_FAILED");
    expect(failed.error?.cause).toBe(plainCause);
    expect(seen.map((s) => [s.code, s.context.phase, s.context.receiver, s.context.event?.type])).toEqual([
      ["CONFLICT", "handler", "plain", "order"],
      ["HANDLER_FAILED", "handler", "plain", "refund"],
    ]);
    expect(seen[1]!.cause).toBe(plainCause);
    expect(seen[1]!.context.request).toBeDefined();
  });

  it("an onError that throws or rejects does not change the answer", async () => {
    const hooks = createWebhooks({
      receivers: { plain: plain() },
      onError: () => {
        throw new Error("logger down");
      },
    });
    expect((await hooks.route(incoming("https://example.test/nope").request)).status).toBe(404);
  });
});

describe("answers that are a Response (a handler's, a handshake's, the receiver's own)", () => {
  it("are handed as they are, with no headers or body text of Hookwire's", async () => {
    const ack = new Response("<Ack/>");
    const own = new Response("mine", { status: 201 });
    const pong = new Response("pong", { status: 203 });
    const receiver: Receiver<any, string> = {
      ...plain(),
      handshakeMethods: ["GET"],
      handshake: async (request) => (request.method === "GET" ? pong : undefined),
      respond: () => ack,
    };
    const hooks = createWebhooks({ receivers: { plain: receiver } });
    hooks.on("plain", "mine", () => own);
    const url = "https://example.test/plain";
    expect(await hooks.route(incoming(url).request)).toStrictEqual({
      status: 200,
      headers: {},
      body: "",
      response: ack,
    });
    expect(await hooks.route(incoming(url, { type: "mine" }).request)).toStrictEqual({
      status: 201,
      headers: {},
      body: "",
      response: own,
    });
    expect(await hooks.route(incoming(url, { method: "GET" }).request)).toStrictEqual({
      status: 203,
      headers: {},
      body: "",
      response: pong,
    });
  });
});

describe("handler order and answers", () => {
  it("runs handlers by ascending order, then registration; the first Response wins, sync or async", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain() } });
    const ran: string[] = [];
    hooks.on("plain", "*", () => void ran.push("all:5"), { order: 5 });
    hooks.on("plain", "a.b", () => void ran.push("exact:-1"), { order: -1 });
    hooks.on("plain", "a.*", () => {
      ran.push("prefix:0");
      return new Response("first", { status: 201 });
    });
    hooks.on("plain", "a", async () => {
      ran.push("parent:0");
      return new Response("second");
    });
    hooks.on(
      "plain",
      "a.b",
      async () => {
        ran.push("exact-async:3");
        return new Response("third");
      },
      { order: 3 },
    );
    const result = await hooks.route(incoming("https://example.test/plain", { type: "a.b" }).request);
    expect(ran).toEqual(["exact:-1", "prefix:0", "parent:0", "exact-async:3", "all:5"]);
    expect(result.status).toBe(201);
    expect(await result.response?.text()).toBe("first");
  });

  it("takes the first Response from an async handler even when a later handler returns one", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain() } });
    hooks.on("plain", "x", async () => new Response("async first", { status: 202 }));
    hooks.on("plain", "x", () => new Response("sync later"));
    hooks.on("plain", "x", async () => new Response("async later"));
    const result = await hooks.route(incoming("https://example.test/plain", { type: "x" }).request);
    expect(await result.response?.text()).toBe("async first");
    const sync = createWebhooks({ receivers: { plain: plain() } });
    sync.on("plain", "x", () => undefined);
    sync.on("plain", "x", () => new Response("sync first"));
    sync.on("plain", "x", () => new Response("sync later"));
    sync.on("plain", "x", async () => new Response("async later"));
    const answer = await sync.route(incoming("https://example.test/plain", { type: "x" }).request);
    expect(await answer.response?.text()).toBe("sync first");
  });

  it("among equal orders runs handlers in registration order, whatever kind of name matched", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain() } });
    const ran: string[] = [];
    hooks.on("plain", "*", () => void ran.push("all"));
    hooks.on("plain", "a.*", () => void ran.push("prefix"));
    hooks.on("plain", "a", () => void ran.push("parent"));
    hooks.on("plain", "a.b", () => void ran.push("exact"));
    await hooks.route(incoming("https://example.test/plain", { type: "a.b" }).request);
    expect(ran).toEqual(["all", "prefix", "parent", "exact"]);
  });

  it("runs every synchronous handler before route() returns; after an async one, a later Response still counts", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain() } });
    const ran: string[] = [];
    hooks.on("plain", "sync", () => void ran.push("one"));
    hooks.on("plain", "sync", () => void ran.push("two"));
    const pending = hooks.route(incoming("https://example.test/plain", { type: "sync" }).request);
    expect(ran).toEqual(["one", "two"]);
    expect((await pending).status).toBe(200);
    hooks.on("plain", "mixed", async () => undefined);
    hooks.on("plain", "mixed", () => new Response("later", { status: 201 }));
    const mixed = await hooks.route(incoming("https://example.test/plain", { type: "mixed" }).request);
    expect(mixed.status).toBe(201);
    expect(await mixed.response?.text()).toBe("later");
  });

  it("a registration with a name twice runs once; on() refuses a handler that is not a function", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain() } });
    let runs = 0;
    hooks.on("plain", ["x", "x", "*", "*"], () => void runs++);
    await hooks.route(incoming("https://example.test/plain", { type: "x" }).request);
    expect(runs).toBe(1);
    expect(() => hooks.on("plain", "x", "nope" as never)).toThrow(
      expect.objectContaining({
        code: "CONFIGURATION_INVALID",
        message: '[@hookwire/core] on("plain", …) needs a handler function as its third argument.',
      }),
    );
    expect(() => hooks.on("nope" as never, "x", () => {})).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });

  it("off() for a receiver with no handlers does nothing; off() of names the handler lacks keeps it", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain(), other: plain("other") } });
    const ran: string[] = [];
    const handler = (event: { type: string }) => void ran.push(event.type);
    hooks.off("other", undefined, handler);
    hooks.on("plain", ["a", "b"], handler);
    hooks.off("plain", ["b", "c"], handler);
    hooks.off("plain", "zzz", handler);
    for (const type of ["a", "b", "a"])
      await hooks.route(incoming("https://example.test/plain", { type }).request);
    expect(ran).toEqual(["a", "a"]);
  });

  it("keeps serving every event type after many distinct types (the per-type cache is bounded)", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain() } });
    let runs = 0;
    hooks.on("plain", "t.*", () => void runs++);
    for (let i = 0; i < 1100; i++) {
      await hooks.route(incoming("https://example.test/plain", { type: `t.${i}` }).request);
    }
    await hooks.route(incoming("https://example.test/plain", { type: "t.0" }).request);
    expect(runs).toBe(1101);
  });
});

describe("createWebhooks options", () => {
  it("refuses missing receivers and a body limit that is not a positive whole number", () => {
    // createWebhooks() called from JavaScript without options, too
    for (const options of [undefined, {}, { receivers: null }, { receivers: "github" }]) {
      expect(() => createWebhooks(options as never)).toThrow(
        expect.objectContaining({
          code: "CONFIGURATION_INVALID",
          message: "[@hookwire/core] createWebhooks needs { receivers: { name: receiver } }.",
        }),
      );
    }
    for (const maxBodyBytes of [0, -1, 1.5, Number.NaN, 2 ** 60]) {
      expect(() => createWebhooks({ receivers: {}, maxBodyBytes })).toThrow(
        expect.objectContaining({
          code: "CONFIGURATION_INVALID",
          message: expect.stringContaining(
            `maxBodyBytes must be a positive whole number of bytes, got ${maxBodyBytes}`,
          ),
        }),
      );
    }
    expect(createWebhooks({ receivers: {}, maxBodyBytes: 1 }).maxBodyBytes).toBe(1);
  });

  it("idempotency with { store, ttlMs } claims with that ttl, and with { store } a day", async () => {
    const claims: Array<[string, number]> = [];
    const store = {
      claim: async (key: string, ttl: number) => {
        claims.push([key, ttl]);
        return true;
      },
      release: async () => {},
    };
    for (const idempotency of [{ store, ttlMs: 60_000 }, { store }, store]) {
      const hooks = createWebhooks({ receivers: { plain: plain() }, idempotency });
      await hooks.route(incoming("https://example.test/plain", { id: "e1" }).request);
    }
    expect(claims).toEqual([
      ["plain:e1", 60_000],
      ["plain:e1", 24 * 3600_000],
      ["plain:e1", 24 * 3600_000],
    ]);
  });

  it("dedupes by receiver name and event id: another id or another receiver runs again", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain(), other: plain("other") }, idempotency: true });
    let runs = 0;
    hooks.on("plain", "*", () => void runs++);
    hooks.on("other", "*", () => void runs++);
    for (const [url, id] of [
      ["https://example.test/plain", "e1"],
      ["https://example.test/plain", "e1"],
      ["https://example.test/plain", "e2"],
      ["https://example.test/other", "e1"],
    ] as const) {
      await hooks.route(incoming(url, { id }).request);
    }
    expect(runs).toBe(3);
  });
});

describe("respondWithin (clock faked: the router's timer is the only one)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Route an event whose handler waits for `release`; the router's answer is observed as it settles. */
  function gated(hooks: ReturnType<typeof createWebhooks>, url: string) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    hooks.on(Object.keys(hooks.receivers)[0] as never, "*", async () => {
      await gate;
    });
    const answer = { settled: undefined as undefined | { status: number; body: string } };
    const done = hooks.route(incoming(url).request).then((result) => {
      answer.settled = { status: result.status, body: result.body };
      return result;
    });
    return { release, answer, done };
  }

  it('"deadline" answers 202 one second before the provider deadline, not earlier', async () => {
    vi.useFakeTimers();
    const hooks = createWebhooks({
      receivers: { slow: plain("slow", { deadlineMs: 10_000 }) },
      respondWithin: "deadline",
    });
    const { release, answer, done } = gated(hooks, "https://example.test/slow");
    await vi.advanceTimersByTimeAsync(8_999);
    expect(answer.settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(answer.settled).toEqual({ status: 202, body: '{"ok":true,"accepted":true}' });
    release();
    await done;
    await hooks.drain();
  });

  it('"deadline" without a provider deadline, or a record not naming the receiver, waits for the handlers', async () => {
    vi.useFakeTimers();
    for (const respondWithin of ["deadline", { other: 5 }] as const) {
      const hooks = createWebhooks({ receivers: { plain: plain(), other: plain("other") }, respondWithin });
      const { release, answer, done } = gated(hooks, "https://example.test/plain");
      await vi.advanceTimersByTimeAsync(600_000);
      expect(answer.settled).toBeUndefined();
      release();
      expect((await done).status).toBe(200);
    }
  });

  it("a record's number for the receiver acknowledges after that many milliseconds", async () => {
    vi.useFakeTimers();
    const hooks = createWebhooks({ receivers: { plain: plain() }, respondWithin: { plain: 500 } });
    const { release, answer, done } = gated(hooks, "https://example.test/plain");
    await vi.advanceTimersByTimeAsync(499);
    expect(answer.settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(answer.settled?.status).toBe(202);
    release();
    await done;
    await hooks.drain();
  });
});

describe("dispatch()", () => {
  it("finds the receiver by name, then by provider; refuses an unknown one or an event without a type", async () => {
    const { seen, onError } = recorder();
    const hooks = createWebhooks({ receivers: { shop: plain("shopify"), shopify: plain("other") }, onError });
    const got: string[] = [];
    hooks.on("shop", "*", (event, context) => void got.push(`shop:${event.provider}:${context.receiver}`));
    hooks.on("shopify", "*", (event) => void got.push(`shopify:${event.provider}`));
    await hooks.dispatch({ provider: "shopify", type: "x", payload: {} });
    await hooks.dispatch({ provider: "other", type: "x", payload: {} });
    await hooks.dispatch({ type: "x", payload: {} }, { receiver: "shop" });
    // an explicit receiver wins over the event's provider
    await hooks.dispatch({ provider: "shopify", type: "x", payload: {} }, { receiver: "shop" });
    expect(got).toEqual(["shopify:shopify", "shopify:other", "shop:shopify:shop", "shop:shopify:shop"]);
    await expect(hooks.dispatch({ provider: "nobody", type: "x", payload: {} })).rejects.toMatchObject({
      code: "RECEIVER_NOT_FOUND",
      message: expect.stringContaining('dispatch(): no receiver for provider "nobody".'),
    });
    await expect(hooks.dispatch({ type: "x", payload: {} })).rejects.toMatchObject({
      message: expect.stringContaining('dispatch(): no receiver for provider "".'),
    });
    await expect(hooks.dispatch({ type: "x", payload: {} }, { receiver: "gone" })).rejects.toMatchObject({
      code: "RECEIVER_NOT_FOUND",
      message: expect.stringContaining('dispatch(): no receiver for "gone".'),
    });
    for (const type of ["", undefined, 3]) {
      await expect(
        hooks.dispatch({ type, payload: {} } as never, { receiver: "shop" }),
      ).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: "[@hookwire/core] dispatch() needs an event with a type.",
      });
    }
    expect(seen).toEqual([]);
  });

  it('refuses a missing event, and never takes a receiver named "undefined" for an event without a provider', async () => {
    const hooks = createWebhooks({ receivers: { undefined: plain(), plain: plain() } });
    let runs = 0;
    hooks.on("undefined", "*", () => void runs++);
    hooks.on("plain", "*", () => void runs++);
    await expect(hooks.dispatch({ type: "x", payload: {} })).rejects.toMatchObject({
      code: "RECEIVER_NOT_FOUND",
      message: expect.stringContaining('dispatch(): no receiver for provider "".'),
    });
    await expect(hooks.dispatch(null as never, { receiver: "plain" })).rejects.toMatchObject({
      code: "PAYLOAD_INVALID",
      message: "[@hookwire/core] dispatch() needs an event with a type.",
    });
    expect(runs).toBe(0);
  });

  it("fills in the event: now, an empty POST request, empty meta; keeps what it is given", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain() } });
    const events: any[] = [];
    hooks.on("plain", "*", (event) => void events.push(event));
    const before = Date.now();
    await hooks.dispatch({ type: "x", payload: { a: 1 } }, { receiver: "plain" });
    const receivedAt = new Date("2026-01-01T00:00:00Z");
    const request = {
      method: "PUT",
      url: "https://example.test/",
      headers: new Headers(),
      body: new Uint8Array(1),
    };
    await hooks.dispatch(
      { type: "y", payload: {}, receivedAt, request, meta: { m: 1 }, provider: "plain" },
      { receiver: "plain" },
    );
    expect(events[0].provider).toBe("plain");
    expect(events[0].receivedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(events[0].request).toMatchObject({ method: "POST", url: "" });
    expect(events[0].request.body.byteLength).toBe(0);
    expect(events[0].meta).toEqual({});
    expect(events[1].receivedAt).toBe(receivedAt);
    expect(events[1].request).toBe(request);
    expect(events[1].meta).toEqual({ m: 1 });
  });

  it("aborts the handlers' signal with the dispatch signal; a handler failure reaches onError in phase handler", async () => {
    const { seen, onError } = recorder();
    const hooks = createWebhooks({ receivers: { plain: plain() }, onError });
    const controller = new AbortController();
    const reasons: unknown[] = [];
    hooks.on("plain", "wait", (_event, context) => {
      context.signal.addEventListener("abort", () => reasons.push(context.signal.reason));
      // the same signal each time it is read
      expect(context.signal).toBe(context.signal);
    });
    hooks.on("plain", "fail", () => {
      throw new Error("boom");
    });
    await hooks.dispatch({ type: "wait", payload: {} }, { receiver: "plain", signal: controller.signal });
    controller.abort();
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({
      code: "INTERNAL_ERROR",
      message: expect.stringContaining("client disconnected"),
    });
    const aborted = new AbortController();
    aborted.abort();
    let already: boolean | undefined;
    hooks.on("plain", "late", (_event, context) => {
      already = context.signal.aborted;
    });
    await hooks.dispatch({ type: "late", payload: {} }, { receiver: "plain", signal: aborted.signal });
    expect(already).toBe(true);
    await expect(hooks.dispatch({ type: "fail", payload: {} }, { receiver: "plain" })).rejects.toMatchObject({
      code: "HANDLER_FAILED",
      message: '[@hookwire/core] A handler for plain "fail" failed.',
    });
    expect(seen.map((s) => [s.code, s.context.phase, s.context.receiver, s.context.event?.type])).toEqual([
      ["HANDLER_FAILED", "handler", "plain", "fail"],
    ]);
  });
});

describe("handle() for a WebhookRequest", () => {
  it("applies the router's limit to a WebhookRequest's bytes: at the limit accepted, one more refused", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain() }, maxBodyBytes: 4 });
    const request = (size: number) => ({
      method: "POST",
      url: "https://example.test/plain",
      headers: new Headers({ "x-type": "x" }),
      body: new Uint8Array(size),
    });
    expect((await hooks.handle(request(4))).status).toBe(200);
    const refused = await hooks.handle(request(5));
    expect(refused.status).toBe(413);
    expect((await refused.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers Hookwire's own JSON with its content type and text", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain() } });
    const response = await hooks.handle({
      method: "POST",
      url: "https://example.test/plain",
      headers: new Headers({ "x-type": "x" }),
      body: new Uint8Array(0),
    });
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.text()).toBe('{"ok":true}');
  });
});

describe("resultToResponse", () => {
  it("gives 204 and 304 results no body, and keeps the text of others for the Node bridge", async () => {
    for (const status of [204, 304]) {
      const response = resultToResponse({ status, headers: {}, body: "" });
      expect(response.status).toBe(status);
      expect(response.body).toBeNull();
    }
    const ok = resultToResponse({
      status: 200,
      headers: { "content-type": "application/json; charset=utf-8" },
      body: '{"ok":true}',
    });
    expect(rawText(ok)).toBe('{"ok":true}');
    expect(await ok.text()).toBe('{"ok":true}');
  });
});

describe("idempotency details", () => {
  /** A store that records claims and releases. */
  function recordingStore() {
    const held = new Set<string>();
    const log: string[] = [];
    return {
      log,
      claim: async (key: string) => {
        log.push(`claim ${key}`);
        if (held.has(key)) return false;
        held.add(key);
        return true;
      },
      release: async (key: string) => {
        log.push(`release ${key}`);
        held.delete(key);
      },
    };
  }

  /** A receiver whose events carry the items of the x-items header as idempotency keys. */
  function batches() {
    return defineReceiver<Record<string, unknown>, string>({
      provider: "batch",
      packageName: "@hookwire/batch",
      verify(request) {
        const items = (request.headers.get("x-items") ?? "").split(",").filter(Boolean);
        return {
          type: "batch",
          id: request.headers.get("x-id") ?? undefined,
          payload: { items },
          idempotencyKeys: items,
        };
      },
    });
  }
  const batch = (items: string, id?: string) => {
    const { request } = incoming("https://example.test/batch", id === undefined ? {} : { id });
    (request.headers as Headers).set("x-items", items);
    return request;
  };

  it("never dedupes an event without an id, and a failing handler on one releases nothing", async () => {
    const store = recordingStore();
    const hooks = createWebhooks({ receivers: { plain: plain() }, idempotency: store });
    let runs = 0;
    hooks.on("plain", "*", () => void runs++);
    hooks.on("plain", "bad", () => {
      throw new Error("boom");
    });
    await hooks.route(incoming("https://example.test/plain").request);
    await hooks.route(incoming("https://example.test/plain").request);
    expect(runs).toBe(2);
    expect((await hooks.route(incoming("https://example.test/plain", { type: "bad" }).request)).status).toBe(
      500,
    );
    expect(store.log).toEqual([]);
  });

  it("releases the claim on a handler's 400 answer, keeps it on a 2xx/3xx answer", async () => {
    const store = recordingStore();
    const hooks = createWebhooks({ receivers: { plain: plain() }, idempotency: store });
    hooks.on("plain", "reject", () => new Response("no", { status: 400 }));
    hooks.on("plain", "fine", () => new Response("yes", { status: 201 }));
    hooks.on("plain", "moved", () => new Response(null, { status: 302 }));
    await hooks.route(incoming("https://example.test/plain", { type: "reject", id: "r" }).request);
    await hooks.route(incoming("https://example.test/plain", { type: "fine", id: "f" }).request);
    await hooks.route(incoming("https://example.test/plain", { type: "moved", id: "m" }).request);
    expect(store.log).toEqual(["claim plain:r", "release plain:r", "claim plain:f", "claim plain:m"]);
  });

  it("calls narrow() only when an item was done before; one that throws releases the claims and refuses the batch", async () => {
    const store = recordingStore();
    const narrowed: string[][] = [];
    let failure: unknown;
    const receiver: Receiver<any, string> = {
      ...batches(),
      narrow: (event, fresh) => {
        narrowed.push([...fresh]);
        if (failure !== undefined) throw failure;
        return { ...event, payload: { items: fresh } };
      },
    };
    const { seen, onError } = recorder();
    const hooks = createWebhooks({ receivers: { batch: receiver }, idempotency: store, onError });
    const handled: unknown[] = [];
    hooks.on("batch", "*", (event) => void handled.push(event.payload));
    expect((await hooks.route(batch("a,b"))).status).toBe(200);
    expect(narrowed).toEqual([]); // every item fresh and distinct: handed as verified
    expect((await hooks.route(batch("a,c"))).status).toBe(200);
    expect(narrowed).toEqual([["c"]]);
    expect(handled).toEqual([{ items: ["a", "b"] }, { items: ["c"] }]);
    store.log.length = 0;
    const badBatch = new Error("bad batch");
    failure = badBatch;
    const refused = await hooks.route(batch("a,d,e"));
    expect(refused.status).toBe(500);
    expect(JSON.parse(refused.body).error).toEqual({
      code: "INTERNAL_ERROR",
      message: "[@hookwire/core] The batch receiver failed.",
    });
    expect(store.log).toEqual([
      "claim batch:a",
      "claim batch:d",
      "claim batch:e",
      "release batch:d",
      "release batch:e",
    ]);
    failure = new WebhookError("PAYLOAD_INVALID", "[@hookwire/batch] bad item");
    const coded = await hooks.route(batch("a,d"));
    expect(coded.status).toBe(400);
    expect(JSON.parse(coded.body).error).toEqual({
      code: "PAYLOAD_INVALID",
      message: "[@hookwire/batch] bad item",
    });
    expect(
      seen.map((s) => [s.code, s.cause, s.context.phase, s.context.receiver, s.context.request?.url]),
    ).toEqual([
      ["INTERNAL_ERROR", badBatch, "verify", "batch", "https://example.test/batch"],
      ["PAYLOAD_INVALID", undefined, "verify", "batch", "https://example.test/batch"],
    ]);
    expect(handled).toHaveLength(2);
  });

  it("an empty key list dedupes by the event id; a batch without narrow() is handed whole; only claimed keys are released", async () => {
    const store = recordingStore();
    const hooks = createWebhooks({ receivers: { batch: batches() }, idempotency: store });
    const seen: unknown[] = [];
    hooks.on("batch", "*", (event) => {
      seen.push(event.payload);
      if ((event.payload as { items: string[] }).items.includes("bad")) throw new Error("boom");
    });
    await hooks.route(batch("", "e1"));
    await hooks.route(batch("", "e1"));
    expect(seen).toEqual([{ items: [] }]);
    expect((await hooks.route(batch("a,a,b"))).status).toBe(200);
    expect(seen[1]).toEqual({ items: ["a", "a", "b"] });
    store.log.length = 0;
    expect((await hooks.route(batch("b,bad,c"))).status).toBe(500);
    expect(store.log).toEqual([
      "claim batch:b",
      "claim batch:bad",
      "claim batch:c",
      "release batch:bad",
      "release batch:c",
    ]);
  });
});

describe("handler results and context", () => {
  it("a handler returning null is no answer; a handler reading the signal without any disconnect source gets one never aborted", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain() } });
    let aborted: boolean | undefined;
    hooks.on("plain", "*", (_event, context) => {
      aborted = context.signal.aborted;
      return null as never;
    });
    const result = await hooks.route(incoming("https://example.test/plain").request);
    expect(result.status).toBe(200);
    expect(aborted).toBe(false);
    aborted = undefined;
    await hooks.dispatch({ type: "x", payload: {} }, { receiver: "plain" });
    expect(aborted).toBe(false);
  });
});

describe("the callback form under ROUTE_INTO (the Node bridge's)", () => {
  /** A sink that records what it is handed; `handed` settles at its first call. */
  function sink() {
    const calls: Array<["done", RouteResult] | ["fail", unknown]> = [];
    let settle!: () => void;
    const handed = new Promise<void>((resolve) => {
      settle = resolve;
    });
    return {
      calls,
      handed,
      done(result: RouteResult) {
        calls.push(["done", result]);
        settle();
      },
      fail(error: unknown) {
        calls.push(["fail", error]);
        settle();
      },
    };
  }
  /** The request of `incoming()`, its (empty) body handed over at once, as a body already captured is. */
  function callbackIncoming(url: string, type?: string): CallbackIncoming {
    const { request } = incoming(url, type === undefined ? {} : { type });
    return { ...request, readInto: (_max, onBody) => onBody(new Uint8Array(0)) };
  }
  const into = (hooks: ReturnType<typeof createWebhooks>) =>
    (hooks as unknown as { [ROUTE_INTO]: RouteInto })[ROUTE_INTO];

  it("hands the answer over before it returns when nothing waits, an error answer without idempotency too", () => {
    const hooks = createWebhooks({ receivers: { plain: plain() } });
    const busy = new Response("busy", { status: 503 });
    hooks.on("plain", "busy", () => busy);
    const ok = sink();
    into(hooks)(callbackIncoming("https://example.test/plain"), {}, ok);
    expect(ok.calls).toEqual([
      [
        "done",
        { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body: '{"ok":true}' },
      ],
    ]);
    const refused = sink();
    into(hooks)(callbackIncoming("https://example.test/plain", "busy"), {}, refused);
    expect(refused.calls).toEqual([["done", { status: 503, headers: {}, body: "", response: busy }]]);
  });

  it("hands over a refusal made before the body is read once it settles", async () => {
    const hooks = createWebhooks({ receivers: { plain: plain() } });
    const notFound = sink();
    into(hooks)(callbackIncoming("https://example.test/nope"), {}, notFound);
    await notFound.handed;
    expect(notFound.calls.map(([kind, value]) => [kind, (value as RouteResult).status])).toEqual([
      ["done", 404],
    ]);
  });

  it("hands a router step that throws to fail(), at once or when it settles; route() rejects with it", async () => {
    const broken = new Error("no path");
    const unroutable = callbackIncoming("https://example.test/plain");
    Object.defineProperty(unroutable, "path", {
      get() {
        throw broken;
      },
    });
    const failing = new Error("no answer");
    const synchronous = defineReceiver<Record<string, unknown>, string>({
      provider: "plain",
      packageName: "@hookwire/plain",
      verify: () => ({ type: "ping", payload: {} }),
      respond: () => {
        throw failing;
      },
    });
    // a copy verifies through its own (asynchronous) verify()
    const hooks = createWebhooks({ receivers: { plain: synchronous, copy: { ...synchronous } } });
    const early = sink();
    into(hooks)(unroutable, {}, early);
    expect(early.calls).toEqual([["fail", broken]]);
    await expect(hooks.route(unroutable)).rejects.toBe(broken);
    const answering = sink();
    into(hooks)(callbackIncoming("https://example.test/plain"), {}, answering);
    expect(answering.calls).toEqual([["fail", failing]]);
    await expect(hooks.route(callbackIncoming("https://example.test/plain"))).rejects.toBe(failing);
    const later = sink();
    into(hooks)(callbackIncoming("https://example.test/copy"), {}, later);
    expect(later.calls).toEqual([]);
    await later.handed;
    expect(later.calls).toEqual([["fail", failing]]);
  });
});
