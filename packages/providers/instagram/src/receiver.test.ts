import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks, hmacString } from "@hookwire/core";
import { codeOf } from "@hookwire/test-utils";
import { describe, expect, it, vi } from "vitest";
import { instagram, meta } from "./receiver.js";
import { instagramSignature, instagramTestRequest } from "./testing.js";

const comments = readFileSync(new URL("../test/fixtures/instagram-comments.json", import.meta.url));
const whatsapp = readFileSync(new URL("../test/fixtures/whatsapp-messages.json", import.meta.url));
const OPTIONS = { appSecret: "app-secret-1", verifyToken: "my-verify-token" };

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/instagram", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("instagram()", () => {
  it("verifies Meta's comments example and names it instagram.comments", async () => {
    const signature = `sha256=${createHmac("sha256", "app-secret-1").update(comments).digest("hex")}`;
    expect(await instagramSignature(comments, "app-secret-1")).toBe(signature);
    const event = await instagram(OPTIONS).verify(request(comments, { "x-hub-signature-256": signature }));
    expect(event.type).toBe("instagram.comments");
    expect(event.id).toBeUndefined();
    expect(event.meta.fields).toEqual(["comments"]);
    const payload = event.payload as { entry: Array<{ changes: Array<{ value: { text: string } }> }> };
    expect(payload.entry[0]!.changes[0]!.value.text).toBe("This is an example. ✨");
  });

  it("names WhatsApp, messaging and mixed batches", async () => {
    const receiver = meta(OPTIONS);
    expect(
      (await receiver.verify(await instagramTestRequest({ secret: "app-secret-1", payload: whatsapp }))).type,
    ).toBe("whatsapp_business_account.messages");
    const messaging = {
      object: "page",
      entry: [
        {
          id: "1",
          time: 1,
          messaging: [
            { sender: { id: "2" }, recipient: { id: "1" }, timestamp: 1, message: { mid: "m", text: "hi" } },
          ],
        },
      ],
    };
    expect(
      (await receiver.verify(await instagramTestRequest({ secret: "app-secret-1", payload: messaging })))
        .type,
    ).toBe("page.messaging");
    const mixed = {
      object: "instagram",
      entry: [
        { id: "1", time: 1, changes: [{ field: "comments", value: {} }] },
        { id: "1", time: 2, changes: [{ field: "mentions", value: {} }] },
      ],
    };
    const event = await receiver.verify(
      await instagramTestRequest({ secret: "app-secret-1", payload: mixed }),
    );
    expect(event.type).toBe("instagram");
    expect(event.meta.fields).toEqual(["comments", "mentions"]);
  });

  it("accepts any of several app secrets, or one looked up per request", async () => {
    const signature = await instagramSignature(comments, "old");
    expect(
      (
        await instagram({ ...OPTIONS, appSecret: ["new", "old"] }).verify(
          request(comments, { "x-hub-signature-256": signature }),
        )
      ).type,
    ).toBe("instagram.comments");
    const lookup = vi.fn(() => "old");
    await instagram({ ...OPTIONS, appSecret: lookup }).verify(
      request(comments, { "x-hub-signature-256": signature }),
    );
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed signatures", async () => {
    const receiver = instagram(OPTIONS);
    const signature = await instagramSignature(comments, "app-secret-1");
    const tampered = Buffer.from(comments);
    tampered[30] = tampered[30]! ^ 1;
    expect(await codeOf(receiver.verify(request(tampered, { "x-hub-signature-256": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(
          request(comments, { "x-hub-signature-256": await instagramSignature(comments, "wrong") }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(comments, {})))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(receiver.verify(request(comments, { "x-hub-signature-256": signature.slice(7) }))),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(comments, { "x-hub-signature-256": "sha256=xyz" })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("accepts legacy SHA-1 only when enabled", async () => {
    const sha1 = `sha1=${await hmacString("SHA-1", "app-secret-1", comments, "hex")}`;
    expect(await codeOf(instagram(OPTIONS).verify(request(comments, { "x-hub-signature": sha1 })))).toBe(
      "SIGNATURE_MISSING",
    );
    expect(
      (
        await instagram({ ...OPTIONS, legacySha1: true }).verify(
          request(comments, { "x-hub-signature": sha1 }),
        )
      ).type,
    ).toBe("instagram.comments");
    const legacy = instagram({ ...OPTIONS, legacySha1: true });
    expect((await legacy.verify(request(comments, { "x-hub-signature": sha1.slice(5) }))).type).toBe(
      "instagram.comments",
    );
    expect(
      await codeOf(legacy.verify(request(comments, { "x-hub-signature": `sha1=${"0".repeat(40)}` }))),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses a wrong content type and malformed bodies after a valid signature", async () => {
    const receiver = instagram(OPTIONS);
    const sign = async (body: string) => ({
      "x-hub-signature-256": await instagramSignature(body, "app-secret-1"),
    });
    expect(
      await codeOf(
        receiver.verify(
          request(comments, { ...(await sign(comments.toString())), "content-type": "text/plain" }),
        ),
      ),
    ).toBe("UNSUPPORTED_MEDIA_TYPE");
    for (const body of [
      "{nope",
      "[]",
      '{"entry":[]}',
      '{"object":"page"}',
      '{"object":"page","entry":[1]}',
    ]) {
      expect(await codeOf(receiver.verify(request(body, await sign(body))))).toBe("PAYLOAD_INVALID");
    }
  });

  it("answers the verification GET only with the right token", async () => {
    const hooks = createWebhooks({
      receivers: { instagram: instagram({ ...OPTIONS, verifyToken: ["old-token", "my-verify-token"] }) },
    });
    const get = (query: string) =>
      hooks.handle(new Request(`https://example.com/webhooks/instagram?${query}`));
    const ok = await get("hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1158201444");
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
    const wrong = await get("hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444");
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe("HANDSHAKE_FAILED");
    expect((await get("hub.mode=unsubscribe&hub.verify_token=my-verify-token&hub.challenge=1")).status).toBe(
      403,
    );
    expect((await get("hub.mode=subscribe&hub.verify_token=my-verify-token")).status).toBe(403);
    expect((await get("foo=bar")).status).toBe(405);
  });

  it("refuses to be created without an app secret or a verify token", () => {
    expect(() => instagram({ appSecret: "", verifyToken: "t" })).toThrow(/appSecret option is missing/);
    expect(() => instagram({ appSecret: "s", verifyToken: "" })).toThrow(/verifyToken option is missing/);
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { instagram: instagram(OPTIONS) } });
    const texts: string[] = [];
    hooks.on("instagram", "instagram.comments", (event) => {
      for (const entry of event.payload.entry)
        for (const change of entry.changes ?? []) texts.push(change.value.text);
    });
    const response = await hooks.handle(
      await instagramTestRequest({ secret: "app-secret-1", payload: comments }),
    );
    expect(response.status).toBe(200);
    expect(texts).toEqual(["This is an example. ✨"]);
    expect(
      (await hooks.handle(await instagramTestRequest({ secret: "other", payload: comments }))).status,
    ).toBe(401);
    expect(texts).toHaveLength(1);
  });
});
