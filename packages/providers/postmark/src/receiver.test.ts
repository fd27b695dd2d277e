import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runDescriptorConformance } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { postmark } from "./receiver.js";
import { descriptor, postmarkTestRequest } from "./testing.js";

const fixture = (name: string) => readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), "utf8");
const BOUNCE = fixture("bounce.json");
const DELIVERY = fixture("delivery.json");
const CREDENTIALS = "hooks:correct-horse-battery-staple";
const URL_ = "https://example.com/webhooks/postmark";

function withAuthorization(value: string | null, body = DELIVERY): Request {
  return new Request(URL_, {
    method: "POST",
    headers: { "content-type": "application/json", ...(value === null ? {} : { authorization: value }) },
    body,
  });
}

describe("postmark()", () => {
  const receiver = postmark({ credentials: CREDENTIALS });

  it("accepts Postmark's documented bounce and delivery payloads with the Basic credentials", async () => {
    const bounce = await receiver.verify(await postmarkTestRequest({ secret: CREDENTIALS, payload: BOUNCE }));
    expect(bounce.type).toBe("Bounce");
    // the digits as sent, not the number rounded to a double
    expect(bounce.id).toBe("Bounce:4323372036854775807");
    const delivery = await receiver.verify(
      await postmarkTestRequest({ secret: CREDENTIALS, payload: DELIVERY }),
    );
    expect(delivery.type).toBe("Delivery");
    expect(delivery.id).toBe("Delivery:883953f4-6105-42a2-a16a-77a8eac79483:john@example.com");
  });

  it("refuses wrong, missing and malformed credentials with coded errors", async () => {
    expect(await codeOf(receiver.verify(withAuthorization(`Basic ${btoa("hooks:wrong")}`)))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(receiver.verify(withAuthorization(null)))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(receiver.verify(withAuthorization(`Bearer ${btoa(CREDENTIALS)}`)))).toBe(
      "SIGNATURE_MISSING",
    );
    expect(await codeOf(receiver.verify(withAuthorization("Basic !!not-base64!!")))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(receiver.verify(withAuthorization(`Basic ${btoa(`${CREDENTIALS}x`)}`)))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(receiver.verify(withAuthorization(`basic ${btoa(CREDENTIALS)}`)))).toBe("OK");
  });

  it("accepts each credential of a rotation list and credentials looked up per request", async () => {
    const rotating = postmark({ credentials: ["hooks:next-password-0000000000", CREDENTIALS] });
    expect(
      await codeOf(rotating.verify(await postmarkTestRequest({ secret: CREDENTIALS, payload: DELIVERY }))),
    ).toBe("OK");
    const perServer = postmark({
      credentials: (request) =>
        new URL(request.url).pathname.endsWith("/server-a") ? CREDENTIALS : undefined,
    });
    expect(
      await codeOf(
        perServer.verify(
          await postmarkTestRequest({ secret: CREDENTIALS, payload: DELIVERY, url: `${URL_}/server-a` }),
        ),
      ),
    ).toBe("OK");
    expect(
      await codeOf(
        perServer.verify(
          await postmarkTestRequest({ secret: CREDENTIALS, payload: DELIVERY, url: `${URL_}/server-b` }),
        ),
      ),
    ).toBe("CONFIGURATION_INVALID");
    for (const credentials of ["", [], [""]]) {
      expect(() => postmark({ credentials })).toThrow(
        expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
      );
    }
  });

  it("refuses bodies that are not Postmark events", async () => {
    expect(
      await codeOf(receiver.verify(await postmarkTestRequest({ secret: CREDENTIALS, payload: "{" }))),
    ).toBe("PAYLOAD_INVALID");
    expect(
      await codeOf(
        receiver.verify(await postmarkTestRequest({ secret: CREDENTIALS, payload: { MessageID: "x" } })),
      ),
    ).toBe("PAYLOAD_INVALID");
  });

  it("names inbound messages Inbound and leaves ids off events that repeat (opens)", async () => {
    const inbound = await receiver.verify(
      await postmarkTestRequest({
        secret: CREDENTIALS,
        payload: {
          MessageID: "22c74902-a0c1-4511-804f-341342852c90",
          FromFull: { Email: "a@example.com", Name: "A", MailboxHash: "" },
        },
      }),
    );
    expect(inbound.type).toBe("Inbound");
    expect(inbound.id).toBe("Inbound:22c74902-a0c1-4511-804f-341342852c90");
    const open = await receiver.verify(
      await postmarkTestRequest({
        secret: CREDENTIALS,
        payload: { RecordType: "Open", MessageID: "m", Recipient: "a@example.com" },
      }),
    );
    expect(open.type).toBe("Open");
    expect(open.id).toBeUndefined();
  });

  it("answers 401 through the router without running handlers, and 200 for an event", async () => {
    const hooks = createWebhooks({ receivers: { postmark: receiver } });
    const seen: string[] = [];
    hooks.on("postmark", "Bounce", (event) => {
      seen.push(event.payload.Email);
    });
    expect(
      (await hooks.handle(await postmarkTestRequest({ secret: "hooks:wrong", payload: BOUNCE }))).status,
    ).toBe(401);
    expect(
      (await hooks.handle(await postmarkTestRequest({ secret: CREDENTIALS, payload: BOUNCE }))).status,
    ).toBe(200);
    expect(seen).toEqual(["john@example.com"]);
  });
});

describe("descriptor", () => {
  runDescriptorConformance(descriptor, { name: "postmark" });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as Delivery when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("Delivery");
  });
});

describe("postmark() ids", () => {
  const receiver = postmark({ credentials: CREDENTIALS });
  const idOf = async (body: string) =>
    (await receiver.verify(withAuthorization(basic(CREDENTIALS), body))).id;

  it("keys bounces and spam complaints by their ID, numeric or text, and exact beyond 2^53", async () => {
    expect(await idOf('{"RecordType":"Bounce","ID":42}')).toBe("Bounce:42");
    expect(await idOf('{"RecordType":"SpamComplaint","ID":"7"}')).toBe("SpamComplaint:7");
    expect(await idOf('{"RecordType":"SpamComplaint","ID" : 12345678901234567891}')).toBe(
      "SpamComplaint:12345678901234567891",
    );
    expect(await idOf('{"RecordType":"Bounce"}')).toBeUndefined();
    expect(await idOf('{"RecordType":"Bounce","ID":true}')).toBeUndefined();
  });

  it("keys deliveries by message and recipient only when both are there", async () => {
    expect(await idOf('{"RecordType":"Delivery","MessageID":"m1","Recipient":"a@example.com"}')).toBe(
      "Delivery:m1:a@example.com",
    );
    expect(await idOf('{"RecordType":"Delivery","MessageID":"m1"}')).toBeUndefined();
    expect(await idOf('{"RecordType":"Delivery","Recipient":"a@example.com"}')).toBeUndefined();
    expect(
      await idOf('{"RecordType":"Click","MessageID":"m1","Recipient":"a@example.com","ID":3}'),
    ).toBeUndefined();
  });

  it("keys inbound messages by MessageID, none without it; FromFull must be an object", async () => {
    expect(await idOf('{"FromFull":{"Email":"a@example.com"},"MessageID":"in-1"}')).toBe("Inbound:in-1");
    expect(await idOf('{"FromFull":{"Email":"a@example.com"}}')).toBeUndefined();
    for (const body of ['{"FromFull":null}', '{"FromFull":"a@example.com"}', '{"RecordType":""}', "{}"]) {
      let error: { code?: string; message?: string } = {};
      try {
        await receiver.verify(withAuthorization(basic(CREDENTIALS), body));
      } catch (caught) {
        error = caught as typeof error;
      }
      expect(error, body).toMatchObject({
        code: "PAYLOAD_INVALID",
        message: "[@hookwire/postmark] The body has no RecordType and is not an inbound message.",
      });
    }
  });

  it("names the credential mismatch; applies maxBodyBytes; postmarkTestRequest sends Postmark's user agent", async () => {
    let error: { code?: string; message?: string } = {};
    try {
      await receiver.verify(withAuthorization(basic("hooks:wrong")));
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error).toMatchObject({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/postmark] The Basic credentials do not match.",
    });
    expect(
      await codeOf(
        postmark({ credentials: CREDENTIALS, maxBodyBytes: 16 }).verify(
          withAuthorization(basic(CREDENTIALS)),
        ),
      ),
    ).toBe("PAYLOAD_TOO_LARGE");
    expect(
      await codeOf(
        postmark({ credentials: CREDENTIALS, maxBodyBytes: 4096 }).verify(
          withAuthorization(basic(CREDENTIALS)),
        ),
      ),
    ).toBe("OK");
    const signed = await postmarkTestRequest({ secret: CREDENTIALS, payload: DELIVERY });
    expect(signed.headers.get("user-agent")).toBe("Postmark");
    expect(signed.url).toBe(URL_);
    expect(() => postmark(undefined as never)).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });

  it("descriptor: the example is the fixture (Postmark's documented delivery)", () => {
    expect(descriptor.example?.payload).toEqual(JSON.parse(DELIVERY));
    expect(descriptor.secretIs).toBe("the webhook URL's Basic credentials, username:password");
  });
});

function basic(credentials: string): string {
  return `Basic ${btoa(credentials)}`;
}

describe("postmark() after its first mutation run", () => {
  const receiver = postmark({ credentials: CREDENTIALS });
  const idOf = async (body: string) =>
    (await receiver.verify(withAuthorization(basic(CREDENTIALS), body))).id;

  it("gives no id when an ID beyond 2^53 is not written as plain digits under that key", async () => {
    expect(await idOf('{"RecordType":"Bounce","ID":-12345678901234567891}')).toBeUndefined();
    expect(await idOf('{"RecordType":"Bounce","\\u0049D":12345678901234567891}')).toBeUndefined();
  });

  it("names its provider, the credentials option when they are empty, and the package when they are missing", async () => {
    expect(receiver.provider).toBe("postmark");
    expect(() => postmark({ credentials: "" })).toThrow("credentials");
    let error: { code?: string; message?: string } = {};
    try {
      await receiver.verify(withAuthorization(null));
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error.code).toBe("SIGNATURE_MISSING");
    expect(error.message).toContain("[@hookwire/postmark]");
  });
});
