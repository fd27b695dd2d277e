import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { createWebhooks, toWebhookRequest } from "@hookwire/core";
import { codeOf, runDescriptorConformance, runHmacProviderConformance } from "@hookwire/test-utils";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { dropbox } from "./receiver.js";
import { descriptor, dropboxSignature, dropboxTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/notification.json", import.meta.url));

function request(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("https://example.com/webhooks/dropbox", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

describe("dropbox()", () => {
  it("signs like an independent HMAC-SHA256 and verifies the documented notification", async () => {
    const signature = await dropboxSignature(fixture, "app-secret");
    expect(signature).toBe(createHmac("sha256", "app-secret").update(fixture).digest("hex"));
    const event = await dropbox({ secret: "app-secret" }).verify(
      request(fixture, { "x-dropbox-signature": signature }),
    );
    expect(event.type).toBe("list_folder");
    expect(event.provider).toBe("dropbox");
    expect(event.meta.accounts).toEqual([
      "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc",
      "dbid:AAHbw-yD3RWnAX71LS1iYHUw6Ztz2eo8cQg",
    ]);
    expect(event.meta.users).toEqual([12345, 23456]);
  });

  it("names an older body with only delta.users `delta`", async () => {
    const body = JSON.stringify({ delta: { users: [42] } });
    const event = await dropbox({ secret: "s" }).verify(
      request(body, { "x-dropbox-signature": await dropboxSignature(body, "s") }),
    );
    expect(event.type).toBe("delta");
    expect(event.meta.users).toEqual([42]);
  });

  it("accepts a team-linked app's notifications after a valid signature", async () => {
    const team = readFileSync(new URL("../test/fixtures/team-notification.json", import.meta.url));
    const receiver = dropbox({ secret: "app-secret" });
    const signature = createHmac("sha256", "app-secret").update(team).digest("hex");
    const event = await receiver.verify(request(team, { "x-dropbox-signature": signature }));
    expect(event.type).toBe("team.list_folder");
    expect(event.meta.teams).toEqual({
      "dbtid:AAC4f99T0taONIb-OurWxbNQ6ywGRopQngc": [
        "dbmid:AAHbw-yD3RWnAX71LS1iYHUw6Ztz2eo8cQg",
        "dbmid:AAEMBn3aoQ33bAAxCkR8tTSR-qTvNhG2wYY",
      ],
    });
    expect(event.meta.members).toEqual([
      "dbmid:AAHbw-yD3RWnAX71LS1iYHUw6Ztz2eo8cQg",
      "dbmid:AAEMBn3aoQ33bAAxCkR8tTSR-qTvNhG2wYY",
    ]);
    const deltaOnly = JSON.stringify({ delta: { teams: { "dbtid:t": ["dbmid:m"] } } });
    const delta = await receiver.verify(
      request(deltaOnly, {
        "x-dropbox-signature": createHmac("sha256", "app-secret").update(deltaOnly).digest("hex"),
      }),
    );
    expect(delta.type).toBe("team.delta");
    expect(delta.meta.members).toEqual(["dbmid:m"]);
    // another authentic team notification shape reaches "*" handlers instead of a 400
    const hooks = createWebhooks({ receivers: { dropbox: receiver } });
    const seen: string[] = [];
    hooks.on("dropbox", "*", (e) => {
      seen.push(e.type);
    });
    const membership = JSON.stringify({ team: { "dbtid:t": ["dbmid:m"] } });
    const response = await hooks.handle(
      request(membership, {
        "x-dropbox-signature": createHmac("sha256", "app-secret").update(membership).digest("hex"),
      }),
    );
    expect(response.status).toBe(200);
    const teamResponse = await hooks.handle(request(team, { "x-dropbox-signature": signature }));
    expect(teamResponse.status).toBe(200);
    expect(seen).toEqual(["team", "team.list_folder"]);
    // still refused without a valid signature
    expect(await codeOf(receiver.verify(request(team, { "x-dropbox-signature": "00".repeat(32) })))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("accepts any of several secrets (rotation) and a per-request secret function", async () => {
    const signature = await dropboxSignature(fixture, "old");
    expect(
      (
        await dropbox({ secret: ["new", "old"] }).verify(
          request(fixture, { "x-dropbox-signature": signature }),
        )
      ).type,
    ).toBe("list_folder");
    const lookup = vi.fn(() => "old");
    await dropbox({ secret: lookup }).verify(request(fixture, { "x-dropbox-signature": signature }));
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("refuses tampered bodies, wrong secrets, missing and malformed signatures", async () => {
    const receiver = dropbox({ secret: "app-secret" });
    const signature = await dropboxSignature(fixture, "app-secret");
    const tampered = Buffer.from(fixture);
    tampered[40] = tampered[40]! ^ 1;
    expect(await codeOf(receiver.verify(request(tampered, { "x-dropbox-signature": signature })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(
        receiver.verify(
          request(fixture, { "x-dropbox-signature": await dropboxSignature(fixture, "wrong") }),
        ),
      ),
    ).toBe("SIGNATURE_INVALID");
    expect(await codeOf(receiver.verify(request(fixture, {})))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(request(fixture, { "x-dropbox-signature": "not-hex" })))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(
      await codeOf(receiver.verify(request(fixture, { "x-dropbox-signature": signature.slice(0, 62) }))),
    ).toBe("SIGNATURE_INVALID");
  });

  it("refuses a wrong content type and malformed bodies after a valid signature", async () => {
    const receiver = dropbox({ secret: "s" });
    const sign = async (body: string) => ({ "x-dropbox-signature": await dropboxSignature(body, "s") });
    const text = new Request("https://example.com/webhooks/dropbox", {
      method: "POST",
      body: fixture,
      headers: { "content-type": "text/plain", "x-dropbox-signature": await dropboxSignature(fixture, "s") },
    });
    expect(await codeOf(receiver.verify(text))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(await codeOf(receiver.verify(request("{oops", await sign("{oops"))))).toBe("PAYLOAD_INVALID");
    expect(await codeOf(receiver.verify(request("[]", await sign("[]"))))).toBe("PAYLOAD_INVALID");
    expect(await codeOf(receiver.verify(request("{}", await sign("{}"))))).toBe("PAYLOAD_INVALID");
    // an authentic body of an unknown shape is an unknown event, not an error
    expect((await receiver.verify(request('{"other":1}', await sign('{"other":1}')))).type).toBe("other");
  });

  it("answers the GET challenge as text/plain with nosniff, and refuses a GET without one", async () => {
    const receiver = dropbox({ secret: "s" });
    const answer = await receiver.handshake!(
      await toWebhookRequest(new Request("https://example.com/webhooks/dropbox?challenge=<b>x</b>")),
    );
    expect(answer?.status).toBe(200);
    expect(await answer?.text()).toBe("<b>x</b>");
    expect(answer?.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(answer?.headers.get("x-content-type-options")).toBe("nosniff");
    expect(
      await codeOf(
        receiver.handshake!(await toWebhookRequest(new Request("https://example.com/webhooks/dropbox"))),
      ),
    ).toBe("HANDSHAKE_FAILED");
  });

  it("refuses to be created without a secret", () => {
    expect(() => dropbox({ secret: "" })).toThrow(/secret option is missing/);
  });

  it("works in the router: challenge without handlers, typed notification handler", async () => {
    const hooks = createWebhooks({ receivers: { dropbox: dropbox({ secret: "s" }) } });
    const accounts: string[] = [];
    hooks.on("dropbox", "list_folder", (event) => {
      accounts.push(...event.payload.list_folder.accounts);
    });
    const challenge = await hooks.handle(
      new Request("https://example.com/webhooks/dropbox?challenge=abc123"),
    );
    expect(await challenge.text()).toBe("abc123");
    expect(accounts).toEqual([]);
    const response = await hooks.handle(
      await dropboxTestRequest({ secret: "s", payload: { list_folder: { accounts: ["dbid:1"] } } }),
    );
    expect(response.status).toBe(200);
    expect(accounts).toEqual(["dbid:1"]);
    const forged = await hooks.handle(
      await dropboxTestRequest({ secret: "x", payload: { list_folder: { accounts: ["dbid:2"] } } }),
    );
    expect(forged.status).toBe(401);
    expect(accounts).toEqual(["dbid:1"]);
  });

  it("round-trips arbitrary bodies and secrets, and any one-byte change fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        fc.nat(),
        async (secret, bytes, position) => {
          const body = new TextEncoder().encode(
            JSON.stringify({ list_folder: { accounts: [Buffer.from(bytes).toString("base64")] } }),
          );
          // independent signer: node:crypto, as Dropbox documents the scheme
          const signature = createHmac("sha256", secret).update(body).digest("hex");
          expect(await dropboxSignature(body, secret)).toBe(signature);
          const receiver = dropbox({ secret });
          await expect(
            receiver.verify(request(body, { "x-dropbox-signature": signature })),
          ).resolves.toBeTruthy();
          const tampered = body.slice();
          const i = position % tampered.length;
          tampered[i] = tampered[i]! ^ 0x01;
          expect(await codeOf(receiver.verify(request(tampered, { "x-dropbox-signature": signature })))).toBe(
            "SIGNATURE_INVALID",
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("dropbox() — cases found by mutation testing", () => {
  const P = "[@hookwire/dropbox]";
  const receiver = dropbox({ secret: "app-secret" });
  const verify = async (payload: unknown) => {
    const body = JSON.stringify(payload);
    return receiver.verify(
      request(body, { "x-dropbox-signature": await dropboxSignature(body, "app-secret") }),
    );
  };

  it("refuses blank and wrong signatures and an empty body object with exact messages", async () => {
    await expect(receiver.verify(request(fixture, { "x-dropbox-signature": " " }))).rejects.toMatchObject({
      code: "SIGNATURE_MISSING",
      message: `${P} The X-Dropbox-Signature header is missing.`,
    });
    const wrong = await dropboxSignature(fixture, "other");
    await expect(receiver.verify(request(fixture, { "x-dropbox-signature": wrong }))).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The signature does not match the body.`,
    });
    await expect(verify({})).rejects.toMatchObject({
      code: "PAYLOAD_INVALID",
      message: `${P} The notification body is an empty object.`,
    });
    expect(() => dropbox(undefined as never)).toThrow(/secret option is missing/);
  });

  it("names each shape and reads only well-formed lists and team maps", async () => {
    const e1 = await verify({ list_folder: { accounts: ["a"] }, delta: { users: [1] } });
    expect([e1.type, e1.meta.accounts, e1.meta.users, e1.meta.teams, e1.meta.members]).toEqual([
      "list_folder",
      ["a"],
      [1],
      {},
      [],
    ]);
    const e2 = await verify({ list_folder: { accounts: "a" }, delta: { users: [2] } });
    expect([e2.type, e2.meta.accounts]).toEqual(["delta", []]);
    const e3 = await verify({ list_folder: { teams: { t: ["m1", "m2"] } }, delta: { teams: { u: ["m3"] } } });
    expect([e3.type, e3.meta.teams, e3.meta.members]).toEqual([
      "team.list_folder",
      { t: ["m1", "m2"] },
      ["m1", "m2"],
    ]);
    expect([e3.meta.accounts, e3.meta.users]).toEqual([[], []]);
    // a team map only counts when it is an object of string lists
    for (const teams of [null, ["m"], "t", { t: "m" }, { t: [1] }, { t: ["m", 1] }, { t: ["m"], u: "x" }]) {
      const event = await verify({ list_folder: { teams }, delta: { teams: { u: ["m3", "m3"] } } });
      expect([event.type, event.meta.teams, event.meta.members]).toEqual([
        "team.delta",
        { u: ["m3", "m3"] },
        ["m3"],
      ]);
    }
    const e4 = await verify({ delta: { teams: { u: 1 } }, other: 1 });
    expect([e4.type, e4.meta.teams, e4.meta.members]).toEqual(["delta", {}, []]);
  });

  it("answers the challenge as nosniff text and refuses a GET without one, with the message", async () => {
    const get = (url: string) => toWebhookRequest(new Request(url));
    const answer = await receiver.handshake!(await get("https://example.com/webhooks/dropbox?challenge=abc"));
    expect(answer?.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(answer?.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await answer?.text()).toBe("abc");
    for (const url of [
      "https://example.com/webhooks/dropbox",
      "https://example.com/webhooks/dropbox?challenge=",
    ]) {
      await expect(
        Promise.resolve().then(async () => receiver.handshake!(await get(url))),
      ).rejects.toMatchObject({
        code: "HANDSHAKE_FAILED",
        message: `${P} A GET request must carry the ?challenge= parameter Dropbox sends.`,
      });
    }
    const post = await toWebhookRequest(request(fixture, {}));
    expect(await receiver.handshake!(post)).toBeUndefined();
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    const small = dropbox({ secret: "app-secret", maxBodyBytes: 8 });
    const signature = await dropboxSignature(fixture, "app-secret");
    expect(await codeOf(small.verify(request(fixture, { "x-dropbox-signature": signature })))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
  });
});

runHmacProviderConformance({
  name: "dropbox",
  create: dropbox,
  testRequest: dropboxTestRequest,
  payload: {
    list_folder: { accounts: ["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"] },
    delta: { users: [12345] },
  },
  type: "list_folder",
  signatureHeader: "x-dropbox-signature",
});

describe("descriptor (@hookwire/dropbox/testing)", () => {
  runDescriptorConformance(descriptor, {
    name: "dropbox",
    example: { payload: { list_folder: { accounts: ["dbid:1"] } }, type: "list_folder" },
  });

  it("says what --event sets and that the secret is the signing secret", () => {
    expect(descriptor.eventOption).toBeUndefined();
    expect(descriptor.secretIs).toBeUndefined();
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as list_folder when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("list_folder");
  });
});

describe("dropbox — cases found by the third mutation run", () => {
  it("descriptor.example is Dropbox's documented notification (the fixture)", () => {
    expect(descriptor.example?.payload).toEqual(JSON.parse(fixture.toString("utf8")));
  });
});
