import { describe, expect, it, vi } from "vitest";
import { parseJsonObject } from "./body.js";
import { hmacString, verifyHmac } from "./crypto/index.js";
import { WebhookError } from "./errors.js";
import { memoryIdempotencyStore } from "./idempotency.js";
import { defineReceiver, verifyNow } from "./receiver.js";
import { toWebhookRequest as toRequest } from "./request.js";
import { resolveSecrets, type SecretInput } from "./secrets.js";
import { createWebhooks } from "./webhooks.js";

type TestEvents = {
  thing: { id: string };
  "thing.created": { id: string; n: number };
  "thing.deleted": { id: string };
  other: { x: 1 };
};

function testReceiver(secret: SecretInput, extra: { deadlineMs?: number; challenge?: boolean } = {}) {
  return defineReceiver<TestEvents, "test">({
    provider: "test",
    packageName: "@hookwire/test",
    ...(extra.deadlineMs === undefined ? {} : { deadlineMs: extra.deadlineMs }),
    ...(extra.challenge
      ? {
          handshakeMethods: ["GET"],
          handshake: (request) => {
            const challenge = new URL(request.url).searchParams.get("challenge");
            return challenge ? new Response(challenge) : undefined;
          },
        }
      : {}),
    async verify(request) {
      const signature = request.headers.get("x-sig");
      if (!signature) throw new WebhookError("SIGNATURE_MISSING", "[@hookwire/test] missing");
      const secrets = await resolveSecrets(secret, request, "@hookwire/test");
      if ((await verifyHmac("SHA-256", secrets, request.body, signature, "hex")) < 0) {
        throw new WebhookError("SIGNATURE_INVALID", "[@hookwire/test] invalid");
      }
      const payload = parseJsonObject<{ type: string; id: string }>(request.body, "@hookwire/test");
      return { type: payload.type, id: payload.id, payload };
    },
  });
}

async function signed(
  body: string,
  secret = "s3cret",
  url = "https://example.com/webhooks/test",
): Promise<Request> {
  return new Request(url, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-sig": await hmacString("SHA-256", secret, body, "hex"),
    },
  });
}

const body = (type: string, id = "evt_1", n = 1) => JSON.stringify({ type, id, n });

describe("createWebhooks", () => {
  it("verifies, then runs the matching handlers in order with typed events", async () => {
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") } });
    const calls: string[] = [];
    hooks.on("test", "thing.created", (event) => {
      calls.push(`exact:${event.payload.n}`);
    });
    hooks.on("test", "thing:*", () => {
      calls.push("never-colon");
    });
    hooks.on("test", "thing.*", (event) => {
      calls.push(`prefix:${event.type}`);
    });
    hooks.on("test", "*", () => {
      calls.push("any");
    });
    hooks.on(
      "test",
      "thing",
      () => {
        calls.push("parent");
      },
      { order: -1 },
    );
    hooks.on("test", ["thing.deleted", "other"], () => {
      calls.push("never");
    });
    const response = await hooks.handle(await signed(body("thing.created")));
    expect(response.status).toBe(200);
    expect(calls).toEqual(["parent", "exact:1", "prefix:thing.created", "any"]);
  });

  it("matches colon-named events with prefix:* (Bitbucket-style names)", async () => {
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") } });
    const seen: string[] = [];
    hooks.on("test", "repo:*" as never, (event: { type: string }) => {
      seen.push(event.type);
    });
    await hooks.handle(await signed(body("repo:push")));
    await hooks.handle(await signed(body("pullrequest:created")));
    expect(seen).toEqual(["repo:push"]);
  });

  it("answers 401 with a JSON error and runs no handler when the signature is wrong or missing", async () => {
    const onError = vi.fn();
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") }, onError });
    const handler = vi.fn();
    hooks.on("test", "*", handler);
    const wrong = await hooks.handle(await signed(body("thing.created"), "other"));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: { code: "SIGNATURE_INVALID", message: "[@hookwire/test] invalid" },
    });
    const missing = await hooks.handle(
      new Request("https://example.com/webhooks/test", { method: "POST", body: body("thing.created") }),
    );
    expect(missing.status).toBe(401);
    expect((await missing.json()).error.code).toBe("SIGNATURE_MISSING");
    expect(handler).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[0]![1].phase).toBe("verify");
  });

  it("accepts any of several secrets, and secrets from a function of the request", async () => {
    const hooks = createWebhooks({
      receivers: {
        test: testReceiver(["new", "old"]),
        tenant: testReceiver(async (request) =>
          new URL(request.url).searchParams.get("t") === "a" ? "sa" : "sb",
        ),
      },
    });
    expect((await hooks.handle(await signed(body("other"), "old"))).status).toBe(200);
    expect((await hooks.handle(await signed(body("other"), "new"))).status).toBe(200);
    expect(
      (await hooks.handle(await signed(body("other"), "sa", "https://x.test/hooks/tenant?t=a"))).status,
    ).toBe(200);
    expect(
      (await hooks.handle(await signed(body("other"), "sa", "https://x.test/hooks/tenant?t=b"))).status,
    ).toBe(401);
  });

  it("routes by last path segment or explicit name; unknown → 404, wrong method → 405", async () => {
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") } });
    const notFound = await hooks.handle(
      await signed(body("other"), "s3cret", "https://x.test/webhooks/nope"),
    );
    expect(notFound.status).toBe(404);
    expect((await notFound.json()).error.code).toBe("RECEIVER_NOT_FOUND");
    const proto = await hooks.handle(
      await signed(body("other"), "s3cret", "https://x.test/webhooks/__proto__"),
    );
    expect(proto.status).toBe(404);
    for (const url of [
      "https://x.test/webhooks/test/",
      "https://x.test/webhooks/t%65st?x=/a/b",
      "https://x.test/test#frag",
      "/webhooks/test",
    ]) {
      expect((await hooks.handle({ ...(await toRequest(await signed(body("other")))), url })).status).toBe(
        200,
      );
    }
    expect((await hooks.handle(await signed(body("other"), "s3cret", "https://x.test/"))).status).toBe(404);
    const explicit = await hooks.handle(await signed(body("other"), "s3cret", "https://x.test/anything"), {
      receiver: "test",
    });
    expect(explicit.status).toBe(200);
    const get = await hooks.handle(new Request("https://x.test/webhooks/test"));
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("answers handshakes without verification or handlers, and allows GET only for them", async () => {
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret", { challenge: true }) } });
    const handler = vi.fn();
    hooks.on("test", "*", handler);
    const answer = await hooks.handle(new Request("https://x.test/webhooks/test?challenge=abc"));
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("abc");
    const noChallenge = await hooks.handle(new Request("https://x.test/webhooks/test"));
    expect(noChallenge.status).toBe(405);
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses bodies over the limit with 413 before verifying", async () => {
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") }, maxBodyBytes: 100 });
    const big = await signed(JSON.stringify({ type: "other", pad: "x".repeat(200) }));
    const response = await hooks.handle(big);
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    const streamed = new Request("https://x.test/webhooks/test", {
      method: "POST",
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(50));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect((await hooks.handle(streamed)).status).toBe(413);
  });

  it("a throwing handler gives 500 HANDLER_FAILED and calls onError; a returned Response is used", async () => {
    const onError = vi.fn();
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") }, onError });
    hooks.on("test", "thing.deleted", () => {
      throw new Error("boom");
    });
    hooks.on("test", "other", () => new Response("custom", { status: 201 }));
    const failed = await hooks.handle(await signed(body("thing.deleted")));
    expect(failed.status).toBe(500);
    expect((await failed.json()).error.code).toBe("HANDLER_FAILED");
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![1]).toMatchObject({ phase: "handler", receiver: "test" });
    expect((onError.mock.calls[0]![0] as WebhookError).code).toBe("HANDLER_FAILED");
    const custom = await hooks.handle(await signed(body("other")));
    expect(custom.status).toBe(201);
    expect(await custom.text()).toBe("custom");
  });

  it("skips redelivered event ids with idempotency, and runs them again after a failure", async () => {
    const store = memoryIdempotencyStore();
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") }, idempotency: store });
    let calls = 0;
    let fail = true;
    hooks.on("test", "other", () => {
      calls++;
      if (fail) throw new Error("first attempt fails");
    });
    expect((await hooks.handle(await signed(body("other", "a")))).status).toBe(500);
    fail = false;
    expect((await hooks.handle(await signed(body("other", "a")))).status).toBe(200);
    const dup = await hooks.handle(await signed(body("other", "a")));
    expect(dup.status).toBe(200);
    expect(await dup.json()).toEqual({ ok: true, duplicate: true });
    expect(calls).toBe(2);
  });

  it("acknowledges early when handlers outlive the deadline, and finishes them in the background", async () => {
    const onError = vi.fn();
    const hooks = createWebhooks({
      receivers: { test: testReceiver("s3cret", { deadlineMs: 1_050 }) },
      respondWithin: "deadline",
      onError,
    });
    let finished = false;
    hooks.on("test", "other", async () => {
      await new Promise((r) => setTimeout(r, 150));
      finished = true;
      throw new Error("late failure");
    });
    const waitUntil = vi.fn();
    const response = await hooks.handle(await signed(body("other")), { waitUntil });
    expect(response.status).toBe(202);
    expect(finished).toBe(false);
    expect(waitUntil).toHaveBeenCalledOnce();
    await hooks.drain();
    expect(finished).toBe(true);
    expect(onError).toHaveBeenCalledOnce();
  });

  it("answers fast handlers normally even with early acknowledgement on", async () => {
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") }, respondWithin: 1_000 });
    hooks.on("test", "other", () => new Response("done"));
    expect(await (await hooks.handle(await signed(body("other")))).text()).toBe("done");
  });

  it("uses the receiver's own success answer when no handler returns a Response", async () => {
    const soap = defineReceiver({
      provider: "soap",
      packageName: "@hookwire/soap",
      async verify() {
        return { type: "note", id: "n1", payload: {} };
      },
      respond: () => new Response("<Ack>true</Ack>", { headers: { "content-type": "text/xml" } }),
    });
    const hooks = createWebhooks({ receivers: { soap }, idempotency: true });
    const first = await hooks.handle(
      new Request("https://x.test/webhooks/soap", { method: "POST", body: "<x/>" }),
    );
    expect(await first.text()).toBe("<Ack>true</Ack>");
    const duplicate = await hooks.handle(
      new Request("https://x.test/webhooks/soap", { method: "POST", body: "<x/>" }),
    );
    expect(await duplicate.text()).toBe("<Ack>true</Ack>");
  });

  it("refuses on() for a receiver that does not exist", () => {
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") } });
    // @ts-expect-error unknown receiver name
    expect(() => hooks.on("nope", "*", () => {})).toThrow(/no receiver named "nope"/);
  });

  it("a receiver alone verifies a Request and gives the event with metadata", async () => {
    const event = await testReceiver("s3cret").verify(await signed(body("thing.created", "e9", 4)));
    expect(event).toMatchObject({ provider: "test", type: "thing.created", id: "e9", payload: { n: 4 } });
    expect(event.receivedAt).toBeInstanceOf(Date);
    expect(event.request.body).toBeInstanceOf(Uint8Array);
  });

  it("turns a non-Hookwire error in a receiver into a coded error", async () => {
    const broken = defineReceiver({
      provider: "broken",
      packageName: "@hookwire/broken",
      async verify() {
        throw new TypeError("x is undefined");
      },
    });
    await expect(broken.verify(await signed("{}"))).rejects.toMatchObject({ code: "PAYLOAD_INVALID" });
  });
});

describe("the router's receive path", () => {
  function incoming(url: string, method = "POST", body = "{}") {
    const read = vi.fn(async () => new TextEncoder().encode(body));
    return { read, request: { method, url, headers: new Headers(), read } };
  }

  it("answers 404 and 405 before reading the body", async () => {
    const onError = vi.fn();
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") }, onError });
    const unknown = incoming("https://x.test/webhooks/nope");
    expect((await hooks.route(unknown.request)).status).toBe(404);
    const put = incoming("https://x.test/webhooks/test", "PUT");
    const refused = await hooks.route(put.request);
    expect(refused.status).toBe(405);
    expect(refused.headers.allow).toBe("POST");
    expect(unknown.read).not.toHaveBeenCalled();
    expect(put.read).not.toHaveBeenCalled();
    expect(onError.mock.calls.map(([error]) => error.code)).toEqual([
      "RECEIVER_NOT_FOUND",
      "METHOD_NOT_ALLOWED",
    ]);
  });

  it("gives onError a body that could not be read (RAW_BODY_UNAVAILABLE) and answers it with the code", async () => {
    const seen: string[] = [];
    const hooks = createWebhooks({
      receivers: { test: testReceiver("s3cret") },
      onError: (error, context) => {
        seen.push(`${context.phase}:${context.receiver}:${error.code}`);
      },
    });
    const result = await hooks.route({
      method: "POST",
      url: "https://x.test/webhooks/test",
      headers: new Headers(),
      read: () => Promise.reject(new WebhookError("RAW_BODY_UNAVAILABLE", "[@hookwire/test] parsed already")),
    });
    expect(result.status).toBe(500);
    expect(JSON.parse(result.body).error.code).toBe("RAW_BODY_UNAVAILABLE");
    expect(seen).toEqual(["route:test:RAW_BODY_UNAVAILABLE"]);
  });

  it("accepts any header reader, not only Web Headers", async () => {
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") } });
    const text = body("thing.created");
    const sig = await hmacString("SHA-256", "s3cret", text, "hex");
    const map = new Map([["x-sig", sig]]);
    const headers = {
      get: (name: string) => map.get(name.toLowerCase()) ?? null,
      [Symbol.iterator]: () => map.entries(),
    };
    const result = await hooks.route({
      method: "POST",
      url: "https://x.test/webhooks/test",
      headers,
      read: async () => new TextEncoder().encode(text),
    });
    expect(result.status).toBe(200);
    expect(result.body).toBe('{"ok":true}');
  });

  it("routes /{receiver}/{id} (the ASP.NET WebHooks shape) and hands the id to the secret lookup", async () => {
    const secrets: Record<string, string> = { tenantA: "secret-a", tenantB: "secret-b" };
    const asked: Array<string | undefined> = [];
    const hooks = createWebhooks({
      receivers: {
        test: testReceiver((request) => {
          asked.push(request.params?.id);
          return secrets[request.params?.id ?? ""];
        }),
      },
    });
    const ids: Array<string | undefined> = [];
    hooks.on("test", "*", (event) => {
      ids.push(event.request.params?.id);
    });
    const a = await hooks.handle(
      await signed(body("other"), "secret-a", "https://x.test/webhooks/test/tenantA"),
    );
    expect(a.status).toBe(200);
    const wrongTenant = await hooks.handle(
      await signed(body("other"), "secret-a", "https://x.test/webhooks/test/tenantB?x=1"),
    );
    expect(wrongTenant.status).toBe(401);
    const explicit = await hooks.handle(await signed(body("other"), "secret-b", "https://x.test/anything"), {
      receiver: "test",
      id: "tenantB",
    });
    expect(explicit.status).toBe(200);
    expect(asked).toEqual(["tenantA", "tenantB", "tenantB"]);
    expect(ids).toEqual(["tenantA", "tenantB"]);
    // the plain shape still works, without an id
    const plain = await hooks.handle(await signed(body("other"), "secret-a", "https://x.test/webhooks/test"));
    expect(plain.status).toBe(500); // no secret for no tenant: CONFIGURATION_INVALID
  });

  it("acknowledges early with the receiver's own answer (e.g. a SOAP Ack), not a generic 202", async () => {
    const soap = defineReceiver({
      provider: "soap",
      packageName: "@hookwire/soap",
      async verify() {
        return { type: "note", id: "n1", payload: {} };
      },
      respond: () => new Response("<Ack>true</Ack>", { headers: { "content-type": "text/xml" } }),
    });
    const hooks = createWebhooks({ receivers: { soap }, respondWithin: 0 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    hooks.on("soap", "note", () => gate);
    const response = await hooks.handle(
      new Request("https://x.test/webhooks/soap", { method: "POST", body: "<x/>" }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/xml");
    expect(await response.text()).toBe("<Ack>true</Ack>");
    release();
    await hooks.drain();
  });

  it("aborts the handler's signal when a Web Request's signal aborts", async () => {
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") } });
    const client = new AbortController();
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    let reason: unknown;
    hooks.on("test", "other", (_event, context) => {
      const aborted = new Promise<void>((resolve) =>
        context.signal.addEventListener("abort", () => {
          reason = context.signal.reason;
          resolve();
        }),
      );
      started();
      return aborted;
    });
    const text = body("other");
    const request = new Request("https://x.test/webhooks/test", {
      method: "POST",
      body: text,
      signal: client.signal,
      headers: { "x-sig": await hmacString("SHA-256", "s3cret", text, "hex") },
    });
    const answer = hooks.handle(request);
    await running;
    client.abort();
    expect((await answer).status).toBe(200);
    expect(WebhookError.isInstance(reason)).toBe(true);
  });
});

describe("handler registry: off() and dispatch()", () => {
  it("indexes by name, prefix and wildcard, keeps order, and off() removes a handler (or one of its names)", async () => {
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") } });
    const calls: string[] = [];
    const exact = () => {
      calls.push("exact");
    };
    const both = () => {
      calls.push("both");
    };
    const late = () => {
      calls.push("late");
    };
    hooks.on("test", "*", late, { order: 10 });
    hooks.on("test", ["thing.created", "thing.deleted"], both);
    hooks.on("test", "thing.created", exact);
    hooks.on("test", "thing", () => {
      calls.push("parent");
    });
    await hooks.dispatch({ provider: "test", type: "thing.created", payload: {} });
    expect(calls).toEqual(["both", "exact", "parent", "late"]);

    calls.length = 0;
    hooks
      .off("test", "thing.created", both)
      .off("test", undefined, exact)
      .off("test", "*", () => {});
    await hooks.dispatch({ provider: "test", type: "thing.created", payload: {} });
    expect(calls).toEqual(["parent", "late"]);
    calls.length = 0;
    await hooks.dispatch({ provider: "test", type: "thing.deleted", payload: {} });
    expect(calls).toEqual(["both", "parent", "late"]);
    calls.length = 0;
    hooks.off("test", "*", late);
    await hooks.dispatch({ provider: "test", type: "other", payload: {} });
    expect(calls).toEqual([]);
  });

  it("runs synchronous and asynchronous handlers in order; the first Response wins", async () => {
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") } });
    const calls: string[] = [];
    hooks.on("test", "other", () => {
      calls.push("sync-1");
    });
    hooks.on("test", "other", async () => {
      await Promise.resolve();
      calls.push("async-2");
      return new Response("second");
    });
    hooks.on("test", "other", () => {
      calls.push("sync-3");
      return new Response("third");
    });
    const answer = await hooks.dispatch({ provider: "test", type: "other", payload: {} });
    expect(calls).toEqual(["sync-1", "async-2", "sync-3"]);
    expect(await answer?.text()).toBe("second");
    const failing = createWebhooks({ receivers: { test: testReceiver("s3cret") } });
    failing.on("test", "other", () => {
      throw new Error("sync failure");
    });
    const response = await failing.handle(await signed(body("other")));
    expect(response.status).toBe(500);
    expect((await response.json()).error.code).toBe("HANDLER_FAILED");
  });

  it("dispatch() runs handlers without HTTP: receiver by provider or name, the handler's Response, coded failures", async () => {
    const onError = vi.fn();
    const hooks = createWebhooks({ receivers: { mine: testReceiver("s3cret") }, onError });
    const seen: unknown[] = [];
    hooks.on("mine", "thing.created", (event, context) => {
      seen.push([event.payload, event.id, event.receivedAt.toISOString(), context.receiver]);
      return new Response("replayed");
    });
    hooks.on("mine", "thing.deleted", () => {
      throw new Error("boom");
    });
    const answer = await hooks.dispatch({
      provider: "test",
      type: "thing.created",
      id: "evt_9",
      payload: { id: "x", n: 1 },
      receivedAt: "2026-01-02T03:04:05.000Z",
    });
    expect(await answer?.text()).toBe("replayed");
    expect(seen).toEqual([[{ id: "x", n: 1 }, "evt_9", "2026-01-02T03:04:05.000Z", "mine"]]);
    expect(await hooks.dispatch({ type: "other", payload: {} }, { receiver: "mine" })).toBeUndefined();
    await expect(
      hooks.dispatch({ provider: "test", type: "thing.deleted", payload: {} }),
    ).rejects.toMatchObject({
      code: "HANDLER_FAILED",
    });
    expect(onError).toHaveBeenCalledOnce();
    await expect(hooks.dispatch({ provider: "nobody", type: "x", payload: {} })).rejects.toMatchObject({
      code: "RECEIVER_NOT_FOUND",
    });
  });
});

describe("event methods besides POST (receiver.methods)", () => {
  function methodReceiver(withHandshake: boolean) {
    return defineReceiver<TestEvents, "test">({
      provider: "test",
      packageName: "@hookwire/test",
      methods: ["put", "DELETE"],
      ...(withHandshake
        ? {
            handshakeMethods: ["GET"],
            handshake: (request) =>
              new URL(request.url).searchParams.has("challenge") ? new Response("pong") : undefined,
          }
        : {}),
      async verify(request) {
        if (request.headers.get("x-sig") !== "ok") {
          throw new WebhookError("SIGNATURE_INVALID", "[@hookwire/test] invalid");
        }
        return { type: "other", id: request.method, payload: { method: request.method } };
      },
    });
  }
  const call = (method: string, sig = "ok", query = "") =>
    new Request(`https://x.test/webhooks/test${query}`, {
      method,
      headers: { "x-sig": sig },
      ...(method === "GET" || method === "DELETE" ? {} : { body: "{}" }),
    });

  it("defineReceiver passes methods through, upper-cased", () => {
    expect(methodReceiver(false).methods).toEqual(["PUT", "DELETE"]);
    expect(testReceiver("s").methods).toBeUndefined();
  });

  for (const withHandshake of [false, true]) {
    it(`verifies and runs handlers for declared methods (${withHandshake ? "with" : "without"} a handshake); others get 405`, async () => {
      const hooks = createWebhooks({ receivers: { test: methodReceiver(withHandshake) } });
      const seen: string[] = [];
      hooks.on("test", "other", (event) => {
        seen.push((event.payload as unknown as { method: string }).method);
      });
      expect((await hooks.handle(call("PUT"))).status).toBe(200);
      expect((await hooks.handle(call("DELETE"))).status).toBe(200);
      expect(seen).toEqual(["PUT", "DELETE"]);
      const bad = await hooks.handle(call("PUT", "wrong"));
      expect(bad.status).toBe(401);
      const patch = await hooks.handle(call("PATCH"));
      expect(patch.status).toBe(405);
      expect(patch.headers.get("allow")).toBe(withHandshake ? "POST, PUT, DELETE, GET" : "POST, PUT, DELETE");
      const get = await hooks.handle(call("GET"));
      // GET is a handshake-only method: not verified as an event
      expect(get.status).toBe(405);
      expect(seen).toEqual(["PUT", "DELETE"]);
      if (withHandshake) {
        expect(await (await hooks.handle(call("GET", "none", "?challenge=1"))).text()).toBe("pong");
      }
    });
  }
});

describe("per-item idempotency (idempotencyKeys and narrow)", () => {
  type Batch = { items: string[] };
  function batchReceiver(withNarrow = true) {
    return defineReceiver<{ batch: Batch }, "test">({
      provider: "test",
      packageName: "@hookwire/test",
      respond: () => new Response("ACK"),
      ...(withNarrow
        ? {
            narrow: (event, fresh) => ({
              ...event,
              // each fresh item once
              payload: {
                items: [...new Set((event.payload as Batch).items)].filter((item) => fresh.includes(item)),
              },
            }),
          }
        : {}),
      async verify(request) {
        const payload = parseJsonObject<Batch>(request.body, "@hookwire/test");
        return { type: "batch", id: payload.items.join(","), payload, idempotencyKeys: payload.items };
      },
    });
  }
  const batch = (...items: string[]) =>
    new Request("https://x.test/webhooks/test", { method: "POST", body: JSON.stringify({ items }) });

  it("claims each key, hands handlers only the fresh items, and answers respond() when none is fresh", async () => {
    const store = memoryIdempotencyStore();
    const hooks = createWebhooks({ receivers: { test: batchReceiver() }, idempotency: store });
    const seen: string[][] = [];
    hooks.on("test", "batch", (event) => {
      seen.push(event.payload.items);
    });
    expect(await (await hooks.handle(batch("a", "b"))).text()).toBe("ACK");
    expect(await (await hooks.handle(batch("b", "c"))).text()).toBe("ACK");
    const allDone = await hooks.handle(batch("c", "a"));
    expect(allDone.status).toBe(200);
    expect(await allDone.text()).toBe("ACK");
    expect(seen).toEqual([["a", "b"], ["c"]]);
    expect(store.size).toBe(3);
    // without an idempotency store every batch runs whole
    const plain = createWebhooks({ receivers: { test: batchReceiver() } });
    const whole: string[][] = [];
    plain.on("test", "batch", (event) => {
      whole.push(event.payload.items);
    });
    await plain.handle(batch("a", "b"));
    await plain.handle(batch("a", "b"));
    expect(whole).toEqual([
      ["a", "b"],
      ["a", "b"],
    ]);
  });

  it("hands handlers an item repeated within one batch once, even when every item is new", async () => {
    const hooks = createWebhooks({
      receivers: { test: batchReceiver() },
      idempotency: memoryIdempotencyStore(),
    });
    const seen: string[][] = [];
    hooks.on("test", "batch", (event) => {
      seen.push(event.payload.items);
    });
    expect((await hooks.handle(batch("a", "a", "b"))).status).toBe(200);
    expect(seen).toEqual([["a", "b"]]);
  });

  it("releases the claimed keys when a handler throws or answers an error status", async () => {
    const store = memoryIdempotencyStore();
    const hooks = createWebhooks({ receivers: { test: batchReceiver() }, idempotency: store });
    const seen: string[][] = [];
    let mode: "throw" | "fault" | "ok" = "ok";
    hooks.on("test", "batch", (event) => {
      seen.push(event.payload.items);
      if (mode === "throw") throw new Error("down");
      if (mode === "fault") return new Response("fault", { status: 503 });
      return undefined;
    });
    expect((await hooks.handle(batch("a"))).status).toBe(200);
    mode = "throw";
    expect((await hooks.handle(batch("a", "b"))).status).toBe(500);
    mode = "fault";
    expect((await hooks.handle(batch("b", "c"))).status).toBe(503);
    mode = "ok";
    expect((await hooks.handle(batch("a", "b", "c"))).status).toBe(200);
    // "a" stayed claimed (its first run succeeded); "b" and "c" were released after each failure
    expect(seen).toEqual([["a"], ["b"], ["b", "c"], ["b", "c"]]);
    expect((await hooks.handle(batch("b", "c"))).status).toBe(200);
    expect(seen).toHaveLength(4);
  });

  it("an event id alone still dedupes the whole event; a handler's error answer releases it", async () => {
    const hooks = createWebhooks({ receivers: { test: testReceiver("s3cret") }, idempotency: true });
    let calls = 0;
    hooks.on("test", "other", () => {
      calls++;
      return calls === 1 ? new Response("busy", { status: 503 }) : undefined;
    });
    expect((await hooks.handle(await signed(body("other", "z")))).status).toBe(503);
    expect((await hooks.handle(await signed(body("other", "z")))).status).toBe(200);
    expect(await (await hooks.handle(await signed(body("other", "z")))).json()).toEqual({
      ok: true,
      duplicate: true,
    });
    expect(calls).toBe(2);
  });
});

describe("the verification hot path (synchronous verify steps)", () => {
  it("defineReceiver takes parts returned synchronously, and turns a synchronous throw into a rejected, coded error", async () => {
    let calls = 0;
    const receiver = defineReceiver<TestEvents, "test">({
      provider: "test",
      packageName: "@hookwire/test",
      verify(request) {
        calls++;
        if (request.headers.get("x-sig") !== "ok") throw new Error("boom");
        return { type: "other", id: "1", payload: { x: 1 } };
      },
    });
    const good = {
      method: "POST",
      url: "https://x.test/",
      headers: new Headers({ "x-sig": "ok" }),
      body: new Uint8Array(),
    };
    const pending = receiver.verify(good);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toMatchObject({ provider: "test", type: "other", id: "1", payload: { x: 1 } });
    const bad = receiver.verify({ ...good, headers: new Headers() });
    expect(bad).toBeInstanceOf(Promise);
    await expect(bad).rejects.toMatchObject({ code: "PAYLOAD_INVALID" });
    expect(calls).toBe(2);
  });

  it("secretResolver lists a static secret once, and calls a function per request", async () => {
    const { secretResolver } = await import("./secrets.js");
    const request = {
      method: "POST",
      url: "https://x.test/",
      headers: new Headers(),
      body: new Uint8Array(),
    };
    const fixed = secretResolver(["a", "b"], "@hookwire/test");
    expect(fixed(request)).toEqual(["a", "b"]);
    expect(fixed(request)).toBe(fixed(request));
    let asked = 0;
    const lookup = secretResolver(() => {
      asked++;
      return "c";
    }, "@hookwire/test");
    expect(await lookup(request)).toEqual(["c"]);
    expect(await lookup(request)).toEqual(["c"]);
    expect(asked).toBe(2);
    const empty = secretResolver([] as string[], "@hookwire/test");
    expect(() => empty(request)).toThrow(/No secret is configured/);
  });
});

describe("verifyNow and the synchronous receive path", () => {
  const syncReceiver = () =>
    defineReceiver<TestEvents, "test">({
      provider: "test",
      packageName: "@hookwire/test",
      verify(request) {
        if (request.headers.get("x-sig") !== "ok") throw new Error("boom");
        return { type: "other", id: "1", payload: { x: 1 } };
      },
    });
  const request = (sig: string | undefined) => ({
    method: "POST",
    url: "https://x.test/webhooks/test",
    headers: new Headers(sig === undefined ? {} : { "x-sig": sig }),
    body: new TextEncoder().encode("{}"),
  });

  it("gives the event itself for a synchronous verify step, throws a coded error synchronously, and a promise otherwise", async () => {
    const receiver = syncReceiver();
    const event = verifyNow(receiver, request("ok"));
    expect(event).not.toBeInstanceOf(Promise);
    expect(event).toMatchObject({ provider: "test", type: "other", id: "1", payload: { x: 1 } });
    expect(() => verifyNow(receiver, request("no"))).toThrow(
      expect.objectContaining({ code: "PAYLOAD_INVALID" }),
    );
    // an asynchronous verify step, and a Web Request (its body must be read first): promises
    const asynchronous = testReceiver("s3cret");
    const text = body("thing.created");
    const pending = verifyNow(asynchronous, {
      ...request(undefined),
      headers: new Headers({ "x-sig": await hmacString("SHA-256", "s3cret", text, "hex") }),
      body: new TextEncoder().encode(text),
    });
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toMatchObject({ type: "thing.created" });
    const fromRequest = verifyNow(
      receiver,
      new Request("https://x.test/webhooks/test", { method: "POST", body: "{}", headers: { "x-sig": "ok" } }),
    );
    expect(fromRequest).toBeInstanceOf(Promise);
    expect(await fromRequest).toMatchObject({ type: "other" });
  });

  it("a copied or wrapped receiver is verified through its own verify()", async () => {
    const receiver = syncReceiver();
    const wrapped = {
      ...receiver,
      verify: vi.fn(() => Promise.reject(new WebhookError("SIGNATURE_INVALID", "no"))),
    };
    await expect(verifyNow(wrapped, request("ok"))).rejects.toMatchObject({ code: "SIGNATURE_INVALID" });
    expect(wrapped.verify).toHaveBeenCalledTimes(1);
    const hooks = createWebhooks({ receivers: { test: wrapped } });
    const result = await hooks.route({
      method: "POST",
      url: "https://x.test/webhooks/test",
      headers: request("ok").headers,
      read: () => request("ok").body,
    });
    expect(result.status).toBe(401);
    expect(wrapped.verify).toHaveBeenCalledTimes(2);
  });

  it("runs synchronous handlers before route() returns when the body is in hand and nothing waits", async () => {
    const hooks = createWebhooks({ receivers: { test: syncReceiver() } });
    const seen: string[] = [];
    hooks.on("test", "other", (event) => {
      seen.push(event.type);
    });
    const routed = hooks.route({
      method: "POST",
      url: "https://x.test/webhooks/test",
      headers: request("ok").headers,
      read: () => request("ok").body,
    });
    expect(seen).toEqual(["other"]); // before any await
    expect((await routed).status).toBe(200);
    const refused = await hooks.route({
      method: "POST",
      url: "https://x.test/webhooks/test",
      headers: request("no").headers,
      read: () => request("no").body,
    });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).error.code).toBe("PAYLOAD_INVALID");
    expect(seen).toEqual(["other"]);
  });
});
