import { createHash } from "node:crypto";
import { parse as parseQuery, stringify as stringifyQuery } from "node:querystring";
import { createWebhooks, utf8 } from "@hookwire/core";
import {
  codeOf,
  refusalOf,
  runDescriptorConformance,
  runHmacProviderConformance,
} from "@hookwire/test-utils";
import twilioSdk from "twilio";
import { describe, expect, it } from "vitest";
import { EMPTY_TWIML, twilio } from "./receiver.js";
import { hasBodyHash, twilioScheme, twilioSchemeWith } from "./scheme.js";
import { descriptor, twilioForm, twilioTestRequest } from "./testing.js";
import { twilioUrlVariants } from "./url.js";

const { getExpectedTwilioSignature, validateRequest, validateRequestWithBody } = twilioSdk;
const TOKEN = "s3cr3t-auth-token";
const SMS = {
  MessageSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
  SmsSid: "SM1f0e8ae6ade43cb3c0ce4525424e404f",
  AccountSid: "AC00000000000000000000000000000000",
  From: "+15017122661",
  To: "+15558675310",
  Body: "Hello from Twilio's docs",
  NumMedia: "0",
  SmsStatus: "received",
  ApiVersion: "2010-04-01",
};

/** A form POST as Twilio sends it, with the given signature. */
function formRequest(
  url: string,
  params: Record<string, string | string[]>,
  signature: string,
  extra: Record<string, string> = {},
) {
  return new Request(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": signature,
      ...extra,
    },
    body: twilioForm(params),
  });
}

describe("Twilio's documented example", () => {
  it("verifies both versions of the worked example of twilio.com/docs/usage/security", async () => {
    const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const params = (caller: string) => ({
      CallSid: "CA1234567890ABCDE",
      Caller: caller,
      Digits: "1234",
      From: caller,
      To: "+18005551212",
    });
    const receiver = twilio({ authToken: "12345" });
    for (const [caller, signature] of [
      ["+12349013030", "0/KCTR6DLpKmkAf8muzZqo1nDgQ="],
      ["+14158675310", "GvWf1cFY/Q7PnoempGyD5oXAezc="],
    ] as const) {
      expect(await codeOf(receiver.verify(formRequest(url, params(caller), signature)))).toBe("OK");
    }
    expect(
      await codeOf(receiver.verify(formRequest(url, params("+14158675311"), "GvWf1cFY/Q7PnoempGyD5oXAezc="))),
    ).toBe("SIGNATURE_INVALID");
  });
});

describe("twilio() and the twilio package, both directions", () => {
  const receiver = twilio({ authToken: TOKEN });

  it("verifies what getExpectedTwilioSignature signs, repeated keys included", async () => {
    const url = "https://example.com/sms?tenant=a";
    const params = {
      ...SMS,
      MediaUrl: ["https://b.example/2", "https://a.example/1", "https://a.example/1"],
    };
    const signature = getExpectedTwilioSignature(TOKEN, url, params);
    const event = await receiver.verify(formRequest(url, params, signature));
    expect(event.type).toBe("message.received");
    expect((event.payload as { Body: string }).Body).toBe(SMS.Body);
  });

  it("validateRequest accepts what twilioTestRequest signs, repeated keys included", async () => {
    const url = "https://example.com/sms?tenant=a";
    const params = { ...SMS, MediaUrl: ["https://b.example/2", "https://a.example/1"] };
    const request = await twilioTestRequest({ secret: TOKEN, url, payload: params });
    expect(validateRequest(TOKEN, request.headers.get("x-twilio-signature")!, url, params)).toBe(true);
    expect(validateRequest("other-token", request.headers.get("x-twilio-signature")!, url, params)).toBe(
      false,
    );
    expect((await receiver.verify(request)).type).toBe("message.received");
  });

  it("accepts the port and quote variants of twilio-node's own tests", async () => {
    const cases: Array<[signedUrl: string, seenUrl: string]> = [
      ["https://example.com:443/path?test=param", "https://example.com:443/path?test=param"],
      ["https://example.com:443/path?test=param", "https://example.com/path?test=param"],
      ["https://example.com/path?test=param", "https://example.com:443/path?test=param"],
      ["https://example.com/path?test=param'WithQuote", "https://example.com/path?test=param%27WithQuote"],
      ["https://example.com/path?test=param%27WithQuote", "https://example.com/path?test=param'WithQuote"],
      ["https://example.com/path?test=param%27WithQuote", "https://example.com/path?test=param%27WithQuote"],
      // credentials in the URL (HTTP Basic on the webhook) are signed too, with or without the port
      ["https://user:pass@example.com:443/voice?x=1", "https://user:pass@example.com/voice?x=1"],
      ["http://user:pass@example.com/voice", "http://user:pass@example.com:80/voice"],
    ];
    for (const [signedUrl, seenUrl] of cases) {
      const signature = getExpectedTwilioSignature(TOKEN, signedUrl, SMS);
      const seen = twilio({ authToken: TOKEN, url: () => seenUrl });
      expect(
        await codeOf(seen.verify(formRequest("https://internal/sms", SMS, signature))),
        `${signedUrl} as ${seenUrl}`,
      ).toBe("OK");
      expect(validateRequest(TOKEN, signature, seenUrl, SMS)).toBe(true);
    }
    const signature = getExpectedTwilioSignature(TOKEN, "https://example.com/path?test=param", SMS);
    const other = twilio({ authToken: TOKEN, url: "https://example.com/path?test=param2" });
    expect(await codeOf(other.verify(formRequest("https://internal/sms", SMS, signature)))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  it("verifies JSON bodies bound by bodySHA256, both directions", async () => {
    const payload = { CallSid: "CA1", CallStatus: "completed", Nested: { a: 1 } };
    const request = await twilioTestRequest({ secret: TOKEN, payload, json: true });
    const body = await request.clone().text();
    expect(
      validateRequestWithBody(TOKEN, request.headers.get("x-twilio-signature")!, request.url, body),
    ).toBe(true);
    const event = await receiver.verify(request);
    expect(event.type).toBe("call.completed");
    expect(event.payload).toEqual(payload);
    // signed by the SDK: the URL alone, with the body's hash in it
    const signature = getExpectedTwilioSignature(
      TOKEN,
      request.url,
      null as unknown as Record<string, string>,
    );
    const sdkSigned = new Request(request.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-twilio-signature": signature },
      body,
    });
    expect((await receiver.verify(sdkSigned)).type).toBe("call.completed");
    // the URL's hash binds the body
    const swapped = new Request(request.url, {
      method: "POST",
      headers: sdkSigned.headers,
      body: `${body} `,
    });
    expect(await codeOf(receiver.verify(swapped))).toBe("SIGNATURE_INVALID");
  });

  it("verifies SharedKey webhooks signed with HMAC-SHA256", async () => {
    const url = "https://example.com/voice";
    const signature = getExpectedTwilioSignature(TOKEN, url, SMS, "HMAC_SHA256");
    const settings = {
      "x-twilio-webhooks-signature-settings": "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256",
    };
    expect(await codeOf(receiver.verify(formRequest(url, SMS, signature, settings)))).toBe("OK");
    expect(await codeOf(receiver.verify(formRequest(url, SMS, signature)))).toBe("SIGNATURE_INVALID");
    const unknown = { "x-twilio-webhooks-signature-settings": "algorithm=HMAC_SHA3" };
    expect(await codeOf(receiver.verify(formRequest(url, SMS, signature, unknown)))).toBe(
      "SIGNATURE_INVALID",
    );
  });
});

runHmacProviderConformance({
  name: "twilio",
  create: ({ secret }) => twilio({ authToken: secret }),
  testRequest: twilioTestRequest,
  payload: SMS,
  type: "message.received",
  signatureHeader: "x-twilio-signature",
});

describe("twilio() answers, types and refusals", () => {
  const receiver = twilio({ authToken: TOKEN });

  it("answers with empty TwiML by default and with the handler's TwiML otherwise", async () => {
    expect(receiver.deadlineMs).toBe(15_000);
    const hooks = createWebhooks({ receivers: { twilio: receiver } });
    const empty = await hooks.handle(await twilioTestRequest({ secret: TOKEN, payload: SMS }));
    expect(empty.status).toBe(200);
    expect(empty.headers.get("content-type")).toContain("text/xml");
    expect(await empty.text()).toBe(EMPTY_TWIML);
    hooks.on(
      "twilio",
      "message.received",
      (event) => new Response(`<Response><Message>${event.payload.Body}</Message></Response>`),
    );
    const answered = await hooks.handle(await twilioTestRequest({ secret: TOKEN, payload: SMS }));
    expect(await answered.text()).toBe(`<Response><Message>${SMS.Body}</Message></Response>`);
  });

  it("names events by their status parameters and takes the id from I-Twilio-Idempotency-Token", async () => {
    const typeOf = async (payload: Record<string, string>) =>
      (await receiver.verify(await twilioTestRequest({ secret: TOKEN, payload, id: "idem-1" }))).type;
    expect(await typeOf({ CallSid: "CA1", CallStatus: "ringing" })).toBe("call.ringing");
    expect(await typeOf({ MessageSid: "SM1", MessageStatus: "delivered", SmsStatus: "delivered" })).toBe(
      "message.delivered",
    );
    expect(await typeOf({ CallSid: "CA1", RecordingSid: "RE1", RecordingStatus: "completed" })).toBe(
      "recording.completed",
    );
    expect(await typeOf({ EventType: "task.created", WorkspaceSid: "WS1" })).toBe("task.created");
    expect(await typeOf({ Anything: "else" })).toBe("request");
    const event = await receiver.verify(
      await twilioTestRequest({ secret: TOKEN, payload: SMS, id: "idem-42" }),
    );
    expect(event.id).toBe("idem-42");
  });

  it("verifies GET webhooks over the URL and reads their parameters from the query", async () => {
    const hooks = createWebhooks({ receivers: { twilio: receiver } });
    const url = `https://example.com/webhooks/twilio?${twilioForm({ CallSid: "CA9", CallStatus: "in-progress" })}`;
    const signature = getExpectedTwilioSignature(TOKEN, url, {});
    const seen: string[] = [];
    hooks.on("twilio", "call.in-progress", (event) => {
      seen.push(event.payload.CallSid);
    });
    const response = await hooks.handle(
      new Request(url, { method: "GET", headers: { "x-twilio-signature": signature } }),
    );
    expect(response.status).toBe(200);
    expect(seen).toEqual(["CA9"]);
  });

  it("refuses missing and tampered signatures, wrong tokens and bodies Twilio does not send, with coded errors", async () => {
    const signed = await twilioTestRequest({ secret: TOKEN, payload: SMS });
    const tampered = new Request(signed.url, {
      method: "POST",
      headers: signed.headers,
      body: twilioForm({ ...SMS, Body: "changed" }),
    });
    expect(await codeOf(receiver.verify(tampered))).toBe("SIGNATURE_INVALID");
    const unsigned = new Request(signed.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: twilioForm(SMS),
    });
    expect(await codeOf(receiver.verify(unsigned))).toBe("SIGNATURE_MISSING");
    expect(
      await codeOf(
        twilio({ authToken: "other" }).verify(await twilioTestRequest({ secret: TOKEN, payload: SMS })),
      ),
    ).toBe("SIGNATURE_INVALID");
    // JSON without bodySHA256 in the URL
    const url = "https://example.com/webhooks/twilio";
    const json = new Request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-twilio-signature": getExpectedTwilioSignature(TOKEN, url, {}),
      },
      body: "{}",
    });
    expect(await codeOf(receiver.verify(json))).toBe("UNSUPPORTED_MEDIA_TYPE");
    // a body whose hash is in the signed URL but which is not JSON
    expect(
      await codeOf(
        receiver.verify(await twilioTestRequest({ secret: TOKEN, payload: "{not json", json: true })),
      ),
    ).toBe("PAYLOAD_INVALID");
  });
});

describe("descriptor", () => {
  runDescriptorConformance(descriptor, { name: "twilio" });

  it("the descriptor signs a form with repeated and undecodable keys, and its receiver accepts it", async () => {
    const secret = "x".repeat(40);
    const receiver = descriptor.receiver(secret);
    const bytes = utf8("a=1&a=2&b=%ZZ");
    expect(await codeOf(receiver.verify(await descriptor.sign({ secret, payload: bytes })))).toBe("OK");
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as message.received when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("message.received");
  });
});

describe("twilio signature details after the first mutation run", () => {
  const receiver = twilio({ authToken: TOKEN });
  const url = "https://example.com/voice";

  it("reads the algorithm from X-Twilio-Webhooks-Signature-Settings: spaces, case, other keys, empty means SHA-1", async () => {
    const sha1 = getExpectedTwilioSignature(TOKEN, url, SMS);
    const sha256 = getExpectedTwilioSignature(TOKEN, url, SMS, "HMAC_SHA256");
    const settings = (value: string) => ({ "x-twilio-webhooks-signature-settings": value });
    expect(await codeOf(receiver.verify(formRequest(url, SMS, sha1, settings("algorithm=HMAC_SHA1"))))).toBe(
      "OK",
    );
    expect(await codeOf(receiver.verify(formRequest(url, SMS, sha1, settings("algorithm=, key=k"))))).toBe(
      "OK",
    );
    expect(await codeOf(receiver.verify(formRequest(url, SMS, sha1, settings("key=k"))))).toBe("OK");
    expect(
      await codeOf(
        receiver.verify(formRequest(url, SMS, sha256, settings("junk, algorithm = hmac_sha256 "))),
      ),
    ).toBe("OK");
    expect(
      await codeOf(receiver.verify(formRequest(url, SMS, sha1, settings("algorithm=HMAC_SHA256")))),
    ).toBe("SIGNATURE_INVALID");
    let message = "";
    try {
      await receiver.verify(formRequest(url, SMS, sha1, settings("algorithm=hmac_sha3")));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      '[@hookwire/twilio] The X-Twilio-Webhooks-Signature-Settings header names an unsupported algorithm "HMAC_SHA3".',
    );
  });

  it("hasBodyHash looks for bodySHA256 among the query parameters only", () => {
    expect(hasBodyHash("https://example.com/a?bodySHA256=abc")).toBe(true);
    expect(hasBodyHash("https://example.com/a?x=1&bodySHA256=abc")).toBe(true);
    expect(hasBodyHash("https://example.com/a?xbodySHA256=abc")).toBe(false);
    expect(hasBodyHash("https://example.com/bodySHA256=abc")).toBe(false);
    expect(hasBodyHash("https://example.com/a")).toBe(false);
  });

  it("twilioUrlVariants adds or removes the default port, keeps user info and IPv6 brackets", () => {
    expect(twilioUrlVariants("https://example.com/voice?x=1")).toContain("https://example.com:443/voice?x=1");
    expect(twilioUrlVariants("http://example.com/voice")).toContain("http://example.com:80/voice");
    const ported = twilioUrlVariants("http://user:pw@example.com:8080/a");
    expect(ported[0]).toBe("http://user:pw@example.com/a");
    expect(ported[1]).toBe("http://user:pw@example.com:8080/a");
    const v6 = twilioUrlVariants("https://[::1]:8443/a");
    expect(v6[0]).toBe("https://[::1]/a");
    expect(v6[1]).toBe("https://[::1]:8443/a");
    expect(twilioUrlVariants("https://[::1]/a")[1]).toBe("https://[::1]:443/a");
    expect(twilioUrlVariants("/relative/path")).toEqual(["/relative/path"]);
  });

  it("verifies a GET by its URL alone, as Twilio's SDK signs it", async () => {
    const getUrl = "https://example.com/status?CallSid=CA1&CallStatus=completed";
    const signature = getExpectedTwilioSignature(TOKEN, getUrl, {});
    const request = new Request(getUrl, { method: "GET", headers: { "x-twilio-signature": signature } });
    expect(validateRequest(TOKEN, signature, getUrl, {})).toBe(true);
    expect(await codeOf(receiver.verify(request))).toBe("OK");
  });
});

/** twilio-node's `withLegacyQuerystring`, computed with Node's own `querystring` module. */
function nodeLegacyQuery(url: string): string {
  const q = url.indexOf("?");
  if (q === -1 || q === url.length - 1) return url;
  return `${url.slice(0, q)}?${stringifyQuery(parseQuery(url.slice(q + 1)))}`;
}

describe("twilio signature details after the second mutation run", () => {
  const receiver = twilio({ authToken: TOKEN });
  const PUBLIC = "https://example.com/webhooks/twilio";
  const form = { CallSid: "CA1", CallStatus: "ringing", Digits: "1 2+3" };

  it("hasBodyHash needs a query: bodySHA256 in a path without '?' does not count", () => {
    expect(hasBodyHash("https://example.com/a&bodySHA256=abc")).toBe(false);
    expect(hasBodyHash("https://example.com/a?&bodySHA256=abc")).toBe(true);
  });

  it("signs a GET over its URL alone and a POST over the URL and its parameters, as the SDK does", async () => {
    const body = utf8(twilioForm(form));
    const get = await twilioScheme.sign({ secret: TOKEN, url: PUBLIC, method: "GET", body });
    expect(get.headers["X-Twilio-Signature"]).toBe(getExpectedTwilioSignature(TOKEN, PUBLIC, {}));
    const post = await twilioScheme.sign({ secret: TOKEN, url: PUBLIC, body });
    expect(post.headers["X-Twilio-Signature"]).toBe(getExpectedTwilioSignature(TOKEN, PUBLIC, form));
    // verifying: a GET's body (if any) is not signed
    const headers = new Headers({ "x-twilio-signature": getExpectedTwilioSignature(TOKEN, PUBLIC, {}) });
    expect(twilioScheme.verify({ method: "GET", url: PUBLIC, headers, body }, [TOKEN])).toBe(0);
    expect(twilioScheme.verify({ method: "POST", url: PUBLIC, headers, body }, [TOKEN])).toBe(-1);
  });

  it("signs the parameters of a form POST sent without Content-Type", async () => {
    const signature = getExpectedTwilioSignature(TOKEN, PUBLIC, form);
    const request = new Request(PUBLIC, {
      method: "POST",
      headers: { "x-twilio-signature": signature },
      body: utf8(twilioForm(form)) as BodyInit,
    });
    expect(request.headers.get("content-type")).toBeNull();
    const event = await receiver.verify(request);
    expect(event.type).toBe("call.ringing");
    expect(event.payload).toEqual(form);
    const headers = new Headers({ "x-twilio-signature": getExpectedTwilioSignature(TOKEN, PUBLIC, {}) });
    expect(
      twilioScheme.verify({ method: "POST", url: PUBLIC, headers, body: utf8(twilioForm(form)) }, [TOKEN]),
    ).toBe(-1);
  });

  it("refuses another media type without bodySHA256 by name, after a URL-only signature", async () => {
    const request = new Request(PUBLIC, {
      method: "POST",
      headers: {
        "content-type": "text/plain",
        "x-twilio-signature": getExpectedTwilioSignature(TOKEN, PUBLIC, {}),
      },
      body: twilioForm(form),
    });
    expect(await refusalOf(receiver.verify(request))).toEqual({
      code: "UNSUPPORTED_MEDIA_TYPE",
      message:
        '[@hookwire/twilio] Content-Type "text/plain" without bodySHA256 in the URL is not a Twilio webhook.',
    });
  });

  it("skips settings parts without '=' (algorithm read as SHA-1, as the SDK's getSignatureAlgorithm)", async () => {
    const sha1 = getExpectedTwilioSignature(TOKEN, PUBLIC, form);
    for (const value of ["algorithmX", "algorithm", "key=k,algorithm"]) {
      const request = formRequest(PUBLIC, form, sha1, { "x-twilio-webhooks-signature-settings": value });
      expect(await codeOf(receiver.verify(request)), value).toBe("OK");
    }
  });

  it("twilioSchemeWith's sign uses the url option (a string or a function) and the algorithm option", async () => {
    const body = utf8(twilioForm(form));
    const internal = "http://internal:3000/webhooks/twilio";
    const fixed = await twilioSchemeWith({ url: PUBLIC }).sign({ secret: TOKEN, url: internal, body });
    expect(fixed.headers["X-Twilio-Signature"]).toBe(getExpectedTwilioSignature(TOKEN, PUBLIC, form));
    const mapped = await twilioSchemeWith({
      url: (u) => u.replace("http://internal:3000", "https://example.com"),
    }).sign({ secret: TOKEN, url: internal, body });
    expect(mapped.headers["X-Twilio-Signature"]).toBe(getExpectedTwilioSignature(TOKEN, PUBLIC, form));
    const sha256 = await twilioSchemeWith({ algorithm: "SHA-256" }).sign({
      secret: TOKEN,
      url: PUBLIC,
      body,
    });
    expect(sha256.headers["X-Twilio-Signature"]).toBe(
      getExpectedTwilioSignature(TOKEN, PUBLIC, form, "HMAC_SHA256"),
    );
    // padded standard base64, as Twilio sends it
    expect(sha256.headers["X-Twilio-Signature"]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(fixed.headers["X-Twilio-Signature"]).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it("twilioUrlVariants: exactly the URL with and without its port when the query needs no rewriting", () => {
    expect(twilioUrlVariants("https://example.com/sms")).toEqual([
      "https://example.com/sms",
      "https://example.com:443/sms",
    ]);
    expect(twilioUrlVariants("https://example.com/sms?")).toEqual([
      "https://example.com/sms?",
      "https://example.com:443/sms?",
    ]);
    // only a scheme at the start counts: a relative URL is left alone
    expect(twilioUrlVariants("/relative?next=https://example.com:8080/x")).toEqual([
      "/relative?next=https://example.com:8080/x",
    ]);
    // the port is after the IPv6 literal's closing bracket
    expect(twilioUrlVariants("https://[1::]:8443/a").slice(0, 2)).toEqual([
      "https://[1::]/a",
      "https://[1::]:8443/a",
    ]);
  });

  it("tries the query as Node's legacy querystring writes it, as twilio-node's validateRequest does", async () => {
    const urls = [
      // repeated keys grouped at their first place, integer-like keys first (object key order)
      "https://example.com/sms?b=1&2=x&1=y&b=2",
      // empty pairs dropped, keys without '=' get an empty value
      "https://example.com/sms?&k&&=v",
      // '+' is a space, a quote is left unescaped
      "https://example.com/sms?a+b=it's",
      // escapes decodeURIComponent refuses: decoded byte by byte, invalid UTF-8 as U+FFFD, a BOM kept
      "https://example.com/sms?x=%41%ZZ&y=%e2%82&z=%ZZ41&w=%4&v=%&u=%EF%BB%BF%ZZ&t=%C3%A9%",
      // a fragment is part of the query for the SDK
      "https://example.com/sms?x=1#frag",
    ];
    for (const url of urls) {
      const normalised = new URL(url).toString();
      const ported = normalised.replace("example.com/", "example.com:443/");
      const expected = [
        ...new Set([
          url,
          url.replace("example.com/", "example.com:443/"),
          normalised,
          ported,
          nodeLegacyQuery(normalised),
          nodeLegacyQuery(ported),
        ]),
      ];
      expect(twilioUrlVariants(url), url).toEqual(expected);
      expect(nodeLegacyQuery(normalised), url).not.toBe(normalised);
      // a signature over the legacy form is accepted by the SDK and by the receiver
      const signature = getExpectedTwilioSignature(TOKEN, nodeLegacyQuery(normalised), SMS);
      expect(validateRequest(TOKEN, signature, url, SMS), url).toBe(true);
      const seen = twilio({ authToken: TOKEN, url });
      expect(await codeOf(seen.verify(formRequest("https://internal/sms", SMS, signature))), url).toBe("OK");
    }
    expect(nodeLegacyQuery("https://example.com/sms?b=1&2=x&1=y&b=2")).toBe(
      "https://example.com/sms?1=y&2=x&b=1&b=2",
    );
    expect(
      nodeLegacyQuery("https://example.com/sms?x=%41%ZZ&y=%e2%82&z=%ZZ41&w=%4&v=%&u=%EF%BB%BF%ZZ&t=%C3%A9%"),
    ).toBe(
      "https://example.com/sms?x=A%25ZZ&y=%EF%BF%BD&z=%25ZZ41&w=%254&v=%25&u=%EF%BB%BF%25ZZ&t=%C3%A9%25",
    );
  });

  it("reads a GET's parameters from the configured URL (a string or a function of the request's)", async () => {
    const configured = `${PUBLIC}?CallSid=CA2&CallStatus=completed`;
    const signature = getExpectedTwilioSignature(TOKEN, configured, {});
    const internal = new Request("http://internal:3000/webhooks/twilio?CallSid=CA9&CallStatus=ringing", {
      method: "GET",
      headers: { "x-twilio-signature": signature },
    });
    const fixed = await twilio({ authToken: TOKEN, url: configured }).verify(internal.clone());
    expect(fixed.type).toBe("call.completed");
    expect(fixed.payload).toEqual({ CallSid: "CA2", CallStatus: "completed" });
    const mapped = await twilio({
      authToken: TOKEN,
      url: (u) =>
        u
          .replace("http://internal:3000", "https://example.com")
          .replace("CA9&CallStatus=ringing", "CA2&CallStatus=completed"),
    }).verify(internal.clone());
    expect(mapped.payload).toEqual({ CallSid: "CA2", CallStatus: "completed" });
  });

  it("checks bodySHA256 of the configured URL, by name, and refuses it when that URL cannot be parsed", async () => {
    const payload = { EventType: "task.created", TaskSid: "WT1" };
    const signed = await twilioTestRequest({ secret: TOKEN, url: PUBLIC, payload, json: true });
    const configured = signed.url;
    const body = await signed.clone().text();
    const send = (text: string) =>
      new Request("http://internal:3000/webhooks/twilio", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-twilio-signature": signed.headers.get("x-twilio-signature")!,
        },
        body: text,
      });
    const behind = twilio({ authToken: TOKEN, url: () => configured });
    expect((await behind.verify(send(body))).type).toBe("task.created");
    expect(await refusalOf(behind.verify(send(`${body} `)))).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/twilio] The body does not match the URL's bodySHA256.",
    });
    // a relative URL signs, but its bodySHA256 cannot be read
    const relative = configured.replace(PUBLIC, "/webhooks/twilio");
    const relativeSigned = new Request("http://internal:3000/webhooks/twilio", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-twilio-signature": getExpectedTwilioSignature(TOKEN, relative, {}),
      },
      body,
    });
    expect(await refusalOf(twilio({ authToken: TOKEN, url: relative }).verify(relativeSigned))).toEqual({
      code: "SIGNATURE_INVALID",
      message: "[@hookwire/twilio] The body does not match the URL's bodySHA256.",
    });
  });

  it("types a JSON body that is not an object as request", async () => {
    for (const payload of [["CallStatus", "completed"], null, '"completed"']) {
      const request = await twilioTestRequest({ secret: TOKEN, payload, json: true });
      expect((await receiver.verify(request)).type, JSON.stringify(payload)).toBe("request");
    }
  });

  it("answers with empty TwiML as text/xml in UTF-8, refuses bodies over maxBodyBytes, and names the URL in the mismatch", async () => {
    const response = await receiver.respond!(
      await receiver.verify(await twilioTestRequest({ secret: TOKEN, payload: SMS })),
    );
    expect(response?.status).toBe(200);
    expect(response?.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await response?.text()).toBe(EMPTY_TWIML);
    const small = twilio({ authToken: TOKEN, maxBodyBytes: 8 });
    expect(await codeOf(small.verify(await twilioTestRequest({ secret: TOKEN, payload: SMS })))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    expect(
      await refusalOf(
        receiver.verify(formRequest(PUBLIC, form, getExpectedTwilioSignature("x", PUBLIC, form))),
      ),
    ).toEqual({
      code: "SIGNATURE_INVALID",
      message:
        "[@hookwire/twilio] The X-Twilio-Signature does not match the URL and parameters under the Auth Token. Check that the URL is the one configured at Twilio (see the url option).",
    });
  });
});

describe("twilio after the second mutation run: types, GET parameters, setup and the test helper", () => {
  const receiver = twilio({ authToken: TOKEN });
  const PUBLIC = "https://example.com/webhooks/twilio";
  const get = (url: string) =>
    new Request(url, {
      method: "GET",
      headers: { "x-twilio-signature": getExpectedTwilioSignature(TOKEN, url, {}) },
    });

  it("a GET without a query has no parameters; a GET's bodySHA256 is one of its parameters", async () => {
    const bare = await receiver.verify(get(PUBLIC));
    expect(bare.payload).toEqual({});
    expect(bare.type).toBe("request");
    const hashed = await receiver.verify(get(`${PUBLIC}?CallStatus=ringing&bodySHA256=abc`));
    expect(hashed.payload).toEqual({ CallStatus: "ringing", bodySHA256: "abc" });
    expect(hashed.type).toBe("call.ringing");
  });

  it("types by TranscriptionStatus and MessageStatus alone, and skips empty or non-string statuses", async () => {
    const typeOf = async (payload: unknown, json = false) =>
      (await receiver.verify(await twilioTestRequest({ secret: TOKEN, payload, json }))).type;
    expect(await typeOf({ TranscriptionSid: "TR1", TranscriptionStatus: "completed" })).toBe(
      "transcription.completed",
    );
    expect(await typeOf({ MessageSid: "SM1", MessageStatus: "sent" })).toBe("message.sent");
    expect(await typeOf({ EventType: "", CallStatus: "busy" })).toBe("call.busy");
    expect(await typeOf({ EventType: 5, CallStatus: "busy" }, true)).toBe("call.busy");
    expect(await typeOf({ EventType: "task.created" }, true)).toBe("task.created");
  });

  it("is named twilio, names authToken when it is missing or empty, and pins the empty TwiML", async () => {
    expect(receiver.provider).toBe("twilio");
    expect(EMPTY_TWIML).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    for (const options of [undefined, { authToken: "" }]) {
      let error: unknown;
      try {
        twilio(options as never);
      } catch (caught) {
        error = caught;
      }
      expect((error as { code?: string }).code).toBe("CONFIGURATION_INVALID");
      expect((error as Error).message).toContain("authToken");
      expect((error as Error).message).toContain("@hookwire/twilio");
    }
  });

  it("sign without a URL ignores the url option, as the plain scheme signs (over the parameters alone)", async () => {
    const body = utf8(twilioForm({ CallSid: "CA1" }));
    const plain = await twilioScheme.sign({ secret: TOKEN, body });
    expect(plain.headers["X-Twilio-Signature"]).toBe(
      getExpectedTwilioSignature(TOKEN, "", { CallSid: "CA1" }),
    );
    const withOption = await twilioSchemeWith({ url: PUBLIC }).sign({ secret: TOKEN, body });
    expect(withOption.headers).toEqual(plain.headers);
  });

  it("twilioTestRequest: Twilio's user agent and form content type, the id header, a query kept before bodySHA256, text sent as is", async () => {
    const form = await twilioTestRequest({ secret: TOKEN, payload: { CallSid: "CA1" }, id: "idem-7" });
    expect(form.headers.get("user-agent")).toBe("TwilioProxy/1.1");
    expect(form.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(form.headers.get("i-twilio-idempotency-token")).toBe("idem-7");
    const json = await twilioTestRequest({
      secret: TOKEN,
      url: `${PUBLIC}?tenant=a`,
      payload: { CallSid: "CA1" },
      json: true,
      id: "idem-8",
    });
    const body = await json.clone().text();
    expect(body).toBe('{"CallSid":"CA1"}');
    const hash = createHash("sha256").update(body).digest("hex");
    expect(json.url).toBe(`${PUBLIC}?tenant=a&bodySHA256=${hash}`);
    expect(json.headers.get("user-agent")).toBe("TwilioProxy/1.1");
    expect(json.headers.get("i-twilio-idempotency-token")).toBe("idem-8");
    expect(json.headers.get("x-twilio-signature")).toBe(getExpectedTwilioSignature(TOKEN, json.url, {}));
    const text = await twilioTestRequest({ secret: TOKEN, payload: "CallSid=CA2&CallStatus=busy" });
    expect(await text.clone().text()).toBe("CallSid=CA2&CallStatus=busy");
    expect((await receiver.verify(text)).type).toBe("call.busy");
    const empty = await twilioTestRequest({ secret: TOKEN, payload: null });
    expect(await empty.clone().text()).toBe("null");
  });

  it("the descriptor: its secret, JSON encoding and the documented SMS example", () => {
    expect(descriptor.secretIs).toBe("the account's Auth Token");
    expect(descriptor.encodesJson).toBe(true);
    // the example has the shape of Twilio's documented incoming SMS
    const example = descriptor.example?.payload as Record<string, string>;
    expect(example.MessageSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(example.SmsSid).toBe(example.MessageSid);
    expect(example.AccountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(example.From).toMatch(/^\+1\d{10}$/);
    expect(example.To).toMatch(/^\+1\d{10}$/);
    expect(example.From).not.toBe(example.To);
    expect(example.Body).not.toBe("");
    expect(example.NumMedia).toBe("0");
    expect(example.SmsStatus).toBe("received");
  });
});
