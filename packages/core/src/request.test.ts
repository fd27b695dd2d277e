import { describe, expect, it } from "vitest";
import { WebhookError } from "./errors.js";
import { readLimited, toWebhookRequest } from "./request.js";

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
