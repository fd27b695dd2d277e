import { describe, expect, it } from "vitest";
import { WebhookError } from "./errors.js";
import { isFetchRequest, readLimited, tooLarge, toWebhookRequest } from "./request.js";

function streamed(bytes: number): Request {
  const chunk = new Uint8Array(1024).fill(97);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
  return new Request("https://example.test/webhooks/x", {
    method: "POST",
    body,
    duplex: "half",
  } as RequestInit);
}

describe("readLimited", () => {
  it("refuses a body over the limit even when it is a clone whose original is never read", async () => {
    // Cancelling one branch of a tee settles only when the other branch is cancelled too: the
    // refusal must not wait for it (it used to hang here).
    const original = streamed(8 * 1024);
    const clone = original.clone();
    const error = await readLimited(clone.body, 2048).catch((e: unknown) => e);
    expect(WebhookError.isInstance(error) && error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(original.bodyUsed).toBe(false);
  });

  it("refuses an oversize streamed clone through toWebhookRequest with the limit in the message", async () => {
    const clone = streamed(8 * 1024).clone();
    await expect(toWebhookRequest(clone, { maxBodyBytes: 4096 })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringContaining("larger than 4096 bytes"),
    });
  });

  it("reads a body at the limit whole, in order", async () => {
    const bytes = await readLimited(streamed(4096).body, 4096);
    expect(bytes.byteLength).toBe(4096);
    expect(bytes.every((b) => b === 97)).toBe(true);
  });
});

describe("isFetchRequest", () => {
  it("is true for a Web Request only, never for a WebhookRequest, null or a primitive", () => {
    expect(isFetchRequest(new Request("https://example.test/"))).toBe(true);
    const webhookRequest = {
      method: "POST",
      url: "https://example.test/",
      headers: new Headers(),
      body: new Uint8Array(0),
    };
    expect(isFetchRequest(webhookRequest)).toBe(false);
    for (const value of [null, undefined, "x", 1]) expect(isFetchRequest(value)).toBe(false);
    expect(isFetchRequest({ arrayBuffer() {} })).toBe(false);
    expect(isFetchRequest({ clone() {} })).toBe(false);
    const callable = Object.assign(() => {}, { arrayBuffer() {}, clone() {} });
    expect(isFetchRequest(callable)).toBe(false);
  });
});

describe("toWebhookRequest", () => {
  const url = "https://example.test/webhooks/x";

  it("passes a WebhookRequest through when it is within the limit, and refuses it past the limit", async () => {
    const input = { method: "POST", url, headers: new Headers(), body: new Uint8Array(16) };
    expect(await toWebhookRequest(input, { maxBodyBytes: 16 })).toBe(input);
    await expect(toWebhookRequest(input, { maxBodyBytes: 15 })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringContaining("[@hookwire/core] The request body is larger than 15 bytes."),
    });
  });

  it("refuses a declared Content-Length over the limit before reading, and accepts one at the limit", async () => {
    // the body itself is small: only the declared length can refuse it
    const declared = new Request(url, { method: "POST", body: "abc", headers: { "content-length": "10" } });
    await expect(toWebhookRequest(declared, { maxBodyBytes: 9 })).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(declared.bodyUsed).toBe(false);
    const atLimit = new Request(url, { method: "POST", body: "abc", headers: { "content-length": "3" } });
    const read = await toWebhookRequest(atLimit, { maxBodyBytes: 3 });
    expect(new TextDecoder().decode(read.body)).toBe("abc");
  });

  it("refuses a Request whose body was already read with RAW_BODY_UNAVAILABLE", async () => {
    const request = new Request(url, { method: "POST", body: "{}" });
    await request.text();
    await expect(toWebhookRequest(request)).rejects.toMatchObject({
      code: "RAW_BODY_UNAVAILABLE",
      status: 500,
      message: expect.stringContaining("already read before Hookwire could verify it"),
    });
  });

  it("gives the method upper-cased, the URL, the headers and the raw bytes", async () => {
    const request = new Request(url, { method: "notify", body: "a", headers: { "x-a": "1" } });
    const read = await toWebhookRequest(request);
    expect(read.method).toBe("NOTIFY");
    expect((await toWebhookRequest(new Request(url, { method: "POST", body: "a" }))).method).toBe("POST");
    expect(read.url).toBe(url);
    expect(read.headers.get("x-a")).toBe("1");
    expect([...read.body]).toEqual([97]);
    expect((await toWebhookRequest(new Request(url, { method: "POST" }))).body.byteLength).toBe(0);
  });

  it("names @hookwire/core in limit refusals unless told another package", async () => {
    expect(tooLarge(10).message).toMatch(/^\[@hookwire\/core\] The request body is larger than 10 bytes\./);
    expect(tooLarge(10, "@hookwire/x").message).toMatch(/^\[@hookwire\/x\] /);
    const error = await readLimited(streamed(4096).body, 1024).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^\[@hookwire\/core\] /);
  });
});
