import { describe, expect, it } from "vitest";
import { defineReceiver, verifyNow } from "./receiver.js";
import { DEFAULT_MAX_BODY_BYTES } from "./request.js";
import type { WebhookRequest } from "./types.js";
import { createWebhooks } from "./webhooks.js";

const URL_ = "https://example.test/webhooks/plain";

function webhookRequest(size: number, method = "POST"): WebhookRequest {
  return { method, url: URL_, headers: new Headers(), body: new Uint8Array(size) };
}

/** A receiver that accepts anything, and counts how often its verify step ran. */
function counting(maxBodyBytes?: number) {
  const calls = { verify: 0 };
  const receiver = defineReceiver<{ ping: unknown }, "plain">({
    provider: "plain",
    packageName: "@hookwire/plain",
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
    verify() {
      calls.verify++;
      return { type: "ping", payload: {} };
    },
  });
  return { receiver, calls };
}

describe("defineReceiver: the body limit for requests given to verify directly", () => {
  it("refuses a WebhookRequest past its own maxBodyBytes before the verify step, and takes one at the limit synchronously", async () => {
    const { receiver, calls } = counting(16);
    await expect(receiver.verify(webhookRequest(17))).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(calls.verify).toBe(0);
    const atLimit = verifyNow(receiver, webhookRequest(16));
    expect(atLimit).not.toBeInstanceOf(Promise);
    expect(atLimit).toMatchObject({ provider: "plain", type: "ping" });
    expect(calls.verify).toBe(1);
  });

  it("applies the 5 MiB default when the receiver sets no limit", async () => {
    const { receiver, calls } = counting();
    await expect(receiver.verify(webhookRequest(DEFAULT_MAX_BODY_BYTES + 1))).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(calls.verify).toBe(0);
  });
});

describe("defineReceiver: coded errors", () => {
  it("wraps a verify step's own error as PAYLOAD_INVALID naming the package, with the error as cause", async () => {
    const cause = new TypeError("x is undefined");
    const receiver = defineReceiver({
      provider: "broken",
      packageName: "@hookwire/broken",
      verify() {
        throw cause;
      },
    });
    const error = await receiver.verify(webhookRequest(2)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "PAYLOAD_INVALID",
      status: 400,
      message: "[@hookwire/broken] The request could not be processed.",
    });
    expect((error as Error).cause).toBe(cause);
  });

  it("wraps a handshake's own error as PAYLOAD_INVALID naming the package", async () => {
    const receiver = defineReceiver({
      provider: "shaky",
      packageName: "@hookwire/shaky",
      handshake() {
        throw new RangeError("bad challenge");
      },
      verify: () => ({ type: "ping", payload: {} }),
    });
    await expect(receiver.handshake!(webhookRequest(0, "GET"))).rejects.toMatchObject({
      code: "PAYLOAD_INVALID",
      status: 400,
      message: "[@hookwire/shaky] The handshake could not be processed.",
    });
  });

  it("a handshake without handshakeMethods accepts no other method: the router allows POST only", async () => {
    const receiver = defineReceiver({
      provider: "shaky",
      packageName: "@hookwire/shaky",
      handshake: () => undefined,
      verify: () => ({ type: "ping", payload: {} }),
    });
    expect(receiver.handshakeMethods).toEqual([]);
    const hooks = createWebhooks({ receivers: { shaky: receiver } });
    const response = await hooks.handle({
      ...webhookRequest(0, "GET"),
      url: "https://example.test/webhooks/shaky",
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});
