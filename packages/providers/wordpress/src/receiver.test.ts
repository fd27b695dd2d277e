import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runCodeSecretConformance, runLocalHttpDescriptorCheck } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { wordpress } from "./receiver.js";
import { descriptor, wordpressTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/publish-post.txt", import.meta.url), "utf8");

describe("wordpress()", () => {
  const receiver = wordpress({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(await wordpressTestRequest({ secret: CODE, payload: fixture }));
    expect(event.provider).toBe("wordpress");
    expect(event.type).toBe("publish_post");
    // Without post_modified_gmt there is no id that tells a later edit from a redelivery.
    expect(event.id).toBeUndefined();
    expect(event.meta.objectId).toBe("42");
    expect(event.payload).toMatchObject({
      post_title: "Héllo wörld",
      post_content: "First post\r\nline two",
    });
  });

  it("refuses a wrong content type and a malformed body with coded errors", async () => {
    const wrongType = await wordpressTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(wrongType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(receiver.verify(await wordpressTestRequest({ secret: CODE, payload: "%E0%A4%A" }))),
    ).toBe("PAYLOAD_INVALID");
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { wordpress: receiver } });
    const seen: string[] = [];
    hooks.on("wordpress", "publish_post", (event) => {
      seen.push(event.type);
    });
    const request = await wordpressTestRequest({
      secret: CODE,
      payload: fixture,
      url: "https://example.com/webhooks/wordpress",
    });
    expect((await hooks.handle(request)).status).toBe(200);
    expect(seen).toEqual(["publish_post"]);
  });

  it("gives an id that survives redelivery but changes with each edit, and comment ids", async () => {
    const hooks = createWebhooks({ receivers: { wordpress: receiver }, idempotency: true });
    const seen: Array<string | undefined> = [];
    hooks.on("wordpress", "publish_post", (event) => {
      seen.push(event.payload.post_modified_gmt);
    });
    const edit = (modified: string) =>
      wordpressTestRequest({
        secret: CODE,
        payload: `hook=publish_post&ID=42&post_title=T&post_modified_gmt=${encodeURIComponent(modified)}`,
      });
    for (const modified of ["2026-01-02 10:00:00", "2026-01-02 10:00:00", "2026-01-03 09:00:00"]) {
      expect((await hooks.handle(await edit(modified))).status).toBe(200);
    }
    expect(seen).toEqual(["2026-01-02 10:00:00", "2026-01-03 09:00:00"]);
    const comment = await receiver.verify(
      await wordpressTestRequest({
        secret: CODE,
        payload: "hook=comment_post&comment_ID=7&comment_content=Hi",
      }),
    );
    expect(comment.id).toBe("comment:7");
    expect(comment.type).toBe("comment_post");
  });
});

runCodeSecretConformance({
  name: "wordpress",
  create: (options) => wordpress(options),
  testRequest: wordpressTestRequest,
  payload: fixture,
  type: "publish_post",
});

describe("wordpress() — cases found by mutation testing", () => {
  const receiver = wordpress({ code: CODE });
  const verify = async (body: string, r = receiver) =>
    r.verify(await wordpressTestRequest({ secret: CODE, payload: body }));

  it("builds ids from the hook, the post ID and its modified time, or the comment ID", async () => {
    expect((await verify("hook=publish_post&ID=7&post_modified_gmt=G&post_modified=L")).id).toBe(
      "publish_post:7:G",
    );
    expect((await verify("hook=publish_post&ID=7&post_modified=L")).id).toBe("publish_post:7:L");
    expect((await verify("hook=publish_post&ID=7")).id).toBeUndefined();
    expect((await verify("hook=publish_post&post_modified=L")).id).toBeUndefined();
    expect((await verify("hook=comment_post&comment_ID=9&ID=7&post_modified=L")).id).toBe("comment:9");
    expect((await verify("hook=comment_post&ID=7&post_modified=L")).id).toBeUndefined();
    expect((await verify("hook=comment_post&comment_ID=9")).meta.objectId).toBe("9");
    expect((await verify("hook=publish_post&ID=7&comment_ID=9")).meta.objectId).toBe("7");
    expect((await verify("hook=publish_post&ID=7")).provider).toBe("wordpress");
  });

  it("refuses a body without a hook, with the package's message", async () => {
    for (const body of ["ID=7", "hook=&ID=7"]) {
      await expect(verify(body)).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: '[@hookwire/wordpress] The body has no "hook".',
      });
    }
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    expect(await codeOf(verify(fixture, wordpress({ code: CODE, maxBodyBytes: 8 })))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });
});

describe("wordpressTestRequest()", () => {
  it("form-encodes object payloads (nested keys) and sends text and bytes as given", async () => {
    const nested = await wordpressTestRequest({
      secret: CODE,
      payload: { hook: "publish_post", post: { ID: "7" } },
    });
    expect(new URLSearchParams(await nested.text()).get("post[ID]")).toBe("7");
    expect(await (await wordpressTestRequest({ secret: CODE, payload: "hook=x" })).text()).toBe("hook=x");
    const bytes = new TextEncoder().encode("hook=y");
    expect(await (await wordpressTestRequest({ secret: CODE, payload: bytes })).text()).toBe("hook=y");
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as publish_post when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("publish_post");
  });
});

describe("wordpress — the descriptor's example (third mutation run)", () => {
  it("is sent as the documented form body of test/fixtures/publish-post.txt", async () => {
    const documented = new URLSearchParams(
      readFileSync(new URL("../test/fixtures/publish-post.txt", import.meta.url), "utf8").trim(),
    );
    const sent = await descriptor.sign({ secret: "c".repeat(40), ...descriptor.example! });
    expect([...new URLSearchParams(await sent.text())]).toEqual([...documented]);
  });
});

describe("wordpress — the descriptor (third mutation run)", () =>
  runLocalHttpDescriptorCheck(descriptor, new URL("../package.json", import.meta.url)));

describe("wordpress — cases found by the third mutation run", () => {
  it("created without options, it refuses with CONFIGURATION_INVALID (not a TypeError)", () => {
    expect(() => wordpress(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });
});
