import { createHmac } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { toBase64, utf8 } from "./encoding.js";
import type { WebhookError } from "./errors.js";
import { type HmacSchemeOptions, hmacScheme, type SignatureScheme, sharedSecretScheme } from "./scheme.js";
import { defineSharedSecretReceiver, defineSignedReceiver } from "./signed-receiver.js";
import type { WebhookRequest } from "./types.js";

const request = (
  headers: Record<string, string>,
  body = "{}",
  url = "https://example.com/hook",
): WebhookRequest => ({
  method: "POST",
  url,
  headers: new Headers(headers),
  body: utf8(body),
});
const codeOf = async (run: () => unknown): Promise<string | undefined> => {
  try {
    await run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};
// An independent signer: node:crypto, not the scheme under test.
const nodeHmac = (algorithm: string, key: string | Buffer, data: string, encoding: "hex" | "base64") =>
  createHmac(algorithm, key).update(data).digest(encoding);

describe("hmacScheme", () => {
  const github = hmacScheme({
    packageName: "@test/github",
    algorithm: "SHA-256",
    encoding: "hex",
    header: "X-Hub-Signature-256",
    prefix: "sha256=",
  });

  it("verifies GitHub's published vector, in either hex case, and signs it", async () => {
    const signature = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    const secret = "It's a Secret to Everybody";
    const body = "Hello, World!";
    expect(
      await github.verify(request({ "x-hub-signature-256": `sha256=${signature}` }, body), [secret]),
    ).toBe(0);
    expect(
      await github.verify(request({ "x-hub-signature-256": `sha256=${signature.toUpperCase()}` }, body), [
        "x",
        secret,
      ]),
    ).toBe(1);
    expect(
      await github.verify(request({ "x-hub-signature-256": `sha256=${signature}` }, `${body} `), [secret]),
    ).toBe(-1);
    const signed = await github.sign({ body: utf8(body), secret });
    expect(signed.headers["X-Hub-Signature-256"]).toBe(`sha256=${signature}`);
  });

  it("refuses a missing, blank or unprefixed header with its own codes", async () => {
    expect(await codeOf(() => github.verify(request({}), ["s"]))).toBe("SIGNATURE_MISSING");
    expect(await codeOf(() => github.verify(request({ "x-hub-signature-256": "  " }), ["s"]))).toBe(
      "SIGNATURE_MISSING",
    );
    expect(await codeOf(() => github.verify(request({ "x-hub-signature-256": "abc" }), ["s"]))).toBe(
      "SIGNATURE_INVALID",
    );
  });

  // Stripe's shape: t=…,v1=…(several), signed content `t.body`, timestamp checked after the MAC.
  const now = 1_700_000_000_000;
  const stripeLike = hmacScheme({
    packageName: "@test/stripe",
    algorithm: "SHA-256",
    encoding: "hex",
    header: "stripe-signature",
    parse(value) {
      const signatures: string[] = [];
      let timestamp: string | undefined;
      for (const part of value.split(",")) {
        const [k, v] = part.split("=");
        if (k === "t") timestamp = v;
        else if (k === "v1" && v) signatures.push(v);
      }
      return timestamp === undefined ? undefined : { signatures, timestamp };
    },
    format: (signatures, t) => [`t=${t}`, ...signatures.map((s) => `v1=${s}`)].join(","),
    timestamp: { toleranceSeconds: 300, now: () => now },
    content: ({ timestamp, body }) => [`${timestamp}.`, body],
  });

  it("reads structured headers, accepts any listed signature, and checks the timestamp only after the MAC", async () => {
    const t = now / 1000;
    const good = nodeHmac("sha256", "whsec_x", `${t}.{}`, "hex");
    const header = (ts: number, sig: string) => ({
      "stripe-signature": `t=${ts},v1=${"0".repeat(64)},v1=${sig}`,
    });
    expect(await stripeLike.verify(request(header(t, good)), ["whsec_x"])).toBe(0);
    // a valid MAC over an old timestamp: expired
    const old = t - 301;
    expect(
      await codeOf(() =>
        stripeLike.verify(request(header(old, nodeHmac("sha256", "whsec_x", `${old}.{}`, "hex"))), [
          "whsec_x",
        ]),
      ),
    ).toBe("TIMESTAMP_OUT_OF_TOLERANCE");
    // a forged old timestamp is a signature mismatch, not "expired"
    expect(await stripeLike.verify(request(header(old, good)), ["whsec_x"])).toBe(-1);
    expect(await codeOf(() => stripeLike.verify(request({ "stripe-signature": "v1=abc" }), ["s"]))).toBe(
      "SIGNATURE_INVALID",
    );
    const signed = await stripeLike.sign({ body: utf8("{}"), secret: ["whsec_x", "whsec_y"], timestamp: t });
    expect(signed.headers["stripe-signature"]).toBe(
      `t=${t},v1=${good},v1=${nodeHmac("sha256", "whsec_y", `${t}.{}`, "hex")}`,
    );
  });

  it("takes the timestamp and id from headers, in milliseconds, with a key derived from the secret", async () => {
    const scheme = hmacScheme({
      packageName: "@test/ms",
      algorithm: "SHA-256",
      encoding: "base64",
      header: "x-sig",
      idHeader: "x-id",
      timestamp: { header: "x-ts", unit: "ms", now: () => now },
      content: ({ id, timestamp, body }) => [`${id}.${timestamp}.`, body],
      key: (secret) => Buffer.from(secret, "hex"),
    });
    const signature = nodeHmac("sha256", Buffer.from("00ff", "hex"), `m1.${now}.{}`, "base64");
    const headers = { "x-sig": signature, "x-id": "m1", "x-ts": String(now) };
    expect(await scheme.verify(request(headers), ["00ff"])).toBe(0);
    expect(await codeOf(() => scheme.verify(request({ ...headers, "x-ts": "soon" }), ["00ff"]))).toBe(
      "HEADER_INVALID",
    );
    expect(
      await codeOf(() => scheme.verify(request({ "x-sig": signature, "x-ts": String(now) }), ["00ff"])),
    ).toBe("HEADER_INVALID");
    const signed = await scheme.sign({ body: utf8("{}"), secret: "00ff", id: "m1", timestamp: now / 1000 });
    expect(signed.headers).toEqual(headers);
  });
});

describe("sharedSecretScheme", () => {
  const code = "c".repeat(32);
  it("compares a ?code= secret, refuses plain http and a short configured code", async () => {
    const scheme = sharedSecretScheme({ packageName: "@test/kudu", transport: { kind: "query" } });
    expect(await scheme.verify(request({}, "{}", `https://x/h?code=${code}`), ["d".repeat(32), code])).toBe(
      1,
    );
    expect(await scheme.verify(request({}, "{}", `https://x/h?code=${code}x`), [code])).toBe(-1);
    expect(await codeOf(() => scheme.verify(request({}, "{}", "https://x/h"), [code]))).toBe(
      "SIGNATURE_MISSING",
    );
    expect(await codeOf(() => scheme.verify(request({}, "{}", `http://x/h?code=${code}`), [code]))).toBe(
      "HTTPS_REQUIRED",
    );
    expect(await codeOf(() => scheme.verify(request({}, "{}", "https://x/h?code=short"), ["short"]))).toBe(
      "CONFIGURATION_INVALID",
    );
    const lenient = sharedSecretScheme({
      packageName: "@test/kudu",
      transport: { kind: "query" },
      allowHttp: true,
    });
    expect(await lenient.verify(request({}, "{}", `http://x/h?code=${code}`), [code])).toBe(0);
    const signed = await scheme.sign({ body: utf8(""), secret: code, url: "https://x/h?a=1" });
    expect(signed.url).toBe(`https://x/h?a=1&code=${code}`);
  });

  it("compares a header token, with a case-insensitive prefix", async () => {
    const scheme = sharedSecretScheme({
      packageName: "@test/okta",
      transport: { kind: "header", header: "authorization", prefix: "Bearer " },
    });
    expect(await scheme.verify(request({ authorization: "bearer tok" }), ["tok"])).toBe(0);
    expect(await scheme.verify(request({ authorization: "Bearer nope" }), ["tok"])).toBe(-1);
    expect(await codeOf(() => scheme.verify(request({ authorization: "tok" }), ["tok"]))).toBe(
      "SIGNATURE_MISSING",
    );
    expect((await scheme.sign({ body: utf8(""), secret: "tok" })).headers).toEqual({
      authorization: "Bearer tok",
    });
  });

  it("compares HTTP Basic credentials as UTF-8 bytes", async () => {
    const scheme = sharedSecretScheme({ packageName: "@test/postmark", transport: { kind: "basic" } });
    const basic = `Basic ${Buffer.from("user:pässword", "utf8").toString("base64")}`;
    expect(await scheme.verify(request({ authorization: basic }), ["user:other", "user:pässword"])).toBe(1);
    expect(
      await scheme.verify(request({ authorization: `Basic ${toBase64(utf8("user:x"))}` }), ["user:y"]),
    ).toBe(-1);
    expect(await codeOf(() => scheme.verify(request({}), ["a:b"]))).toBe("SIGNATURE_MISSING");
    expect((await scheme.sign({ body: utf8(""), secret: "user:pässword" })).headers.authorization).toBe(
      basic,
    );
  });
});

describe("defineSignedReceiver", () => {
  const scheme = hmacScheme({
    packageName: "@test/acme",
    algorithm: "SHA-256",
    encoding: "hex",
    header: "x-acme",
  });
  const make = (secret: Parameters<typeof defineSignedReceiver>[0]["secret"]) =>
    defineSignedReceiver({
      provider: "acme",
      packageName: "@test/acme",
      secret,
      scheme,
      precheck(request) {
        if (request.headers.get("x-refuse")) throw new Error("precheck ran");
      },
      parse: (request, matched) => ({
        type: "thing",
        payload: JSON.parse(new TextDecoder().decode(request.body)),
        meta: { matched },
      }),
    });

  it("checks the secret option at creation, verifies, and parses only authentic requests", async () => {
    expect(await codeOf(() => make(undefined))).toBe("CONFIGURATION_INVALID");
    expect(await codeOf(() => make(""))).toBe("CONFIGURATION_INVALID");
    const receiver = make(["old", "new"]);
    const body = '{"a":1}';
    const event = await receiver.verify(request({ "x-acme": nodeHmac("sha256", "new", body, "hex") }, body));
    expect(event).toMatchObject({ provider: "acme", type: "thing", payload: { a: 1 }, meta: { matched: 1 } });
    expect(
      await codeOf(() =>
        receiver.verify(request({ "x-acme": nodeHmac("sha256", "bad", body, "hex") }, body)),
      ),
    ).toBe("SIGNATURE_INVALID");
    // a body that is not JSON but signed: parse runs; unsigned: parse never runs (SIGNATURE_INVALID, not PAYLOAD_INVALID)
    expect(await codeOf(() => receiver.verify(request({ "x-acme": "00" }, "not json")))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(() => receiver.verify(request({ "x-refuse": "1" }, body)))).toBe("PAYLOAD_INVALID");
  });

  it("looks secrets up per request", async () => {
    const receiver = make(async (r) => (r.url.endsWith("/t1") ? "one" : undefined));
    const body = "{}";
    const signed = { "x-acme": nodeHmac("sha256", "one", body, "hex") };
    expect((await receiver.verify(request(signed, body, "https://x/t1"))).type).toBe("thing");
    expect(await codeOf(() => receiver.verify(request(signed, body, "https://x/t2")))).toBe(
      "CONFIGURATION_INVALID",
    );
  });
});

// Cases found by mutation testing (docs/mutation.md): the families' messages, bounds and defaults.
/** The error a call throws or rejects with (undefined when it succeeds). */
const errorOf = async (run: () => unknown): Promise<WebhookError | undefined> => {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error as WebhookError;
  }
};
const sha256Hex = (key: string, data: string) => nodeHmac("sha256", key, data, "hex");

describe("hmacScheme — cases found by mutation testing", () => {
  /** A scheme signing the body with HMAC-SHA256 in `x-sig` (hex), plus the options given. */
  const xSig = (extra: Partial<HmacSchemeOptions>) =>
    hmacScheme({ packageName: "@t/p", algorithm: "SHA-256", encoding: "hex", header: "x-sig", ...extra });
  const plain = hmacScheme({ packageName: "@t/p", algorithm: "SHA-256", encoding: "hex", header: "X-Sig" });

  it("names the header in its refusals, with the hint for a missing one", async () => {
    expect((await errorOf(() => plain.verify(request({}), ["s"])))?.message).toBe(
      "[@t/p] The X-Sig header is missing.",
    );
    const hinted = xSig({
      prefix: "v0=",
      missingHint: "Turn signing on.",
    });
    expect((await errorOf(() => hinted.verify(request({}), ["s"])))?.message).toBe(
      "[@t/p] The x-sig header is missing. Turn signing on.",
    );
    const unprefixed = await errorOf(() => hinted.verify(request({ "x-sig": "v1=ab" }), ["s"]));
    expect([unprefixed?.code, unprefixed?.message]).toEqual([
      "SIGNATURE_INVALID",
      '[@t/p] The x-sig header does not start with "v0=".',
    ]);
    // the right MAC behind the prefix matches
    expect(await hinted.verify(request({ "x-sig": `v0=${sha256Hex("s", "{}")}` }), ["s"])).toBe(0);
  });

  it("refuses a structured header that parses to nothing or to no signature", async () => {
    for (const parsed of [undefined, { signatures: [] }]) {
      const scheme = xSig({
        parse: () => parsed,
      });
      const error = await errorOf(() => scheme.verify(request({ "x-sig": "t=1" }), ["s"]));
      expect([error?.code, error?.message]).toEqual([
        "SIGNATURE_INVALID",
        "[@t/p] The x-sig header is malformed.",
      ]);
    }
  });

  it("returns the first matching secret's index when a secret is listed twice", async () => {
    const signature = sha256Hex("s", "{}");
    expect(await plain.verify(request({ "x-sig": signature }), ["x", "s", "s"])).toBe(1);
  });

  const at = 1_700_000_000;
  const stamped = (timestamp: Record<string, unknown> = {}) =>
    xSig({
      timestamp: { header: "x-ts", now: () => at * 1000, ...timestamp },
      content: ({ timestamp: t, body }) => [`${t}.`, body],
    });
  const stampedRequest = (t: string) => request({ "x-sig": sha256Hex("s", `${t}.{}`), "x-ts": t });

  it("checks the timestamp with a 300 s default tolerance, both ways, and not at all with Infinity", async () => {
    const scheme = stamped();
    expect(await scheme.verify(stampedRequest(String(at - 300)), ["s"])).toBe(0);
    expect(await scheme.verify(stampedRequest(String(at + 300)), ["s"])).toBe(0);
    expect((await errorOf(() => scheme.verify(stampedRequest(String(at - 301)), ["s"])))?.code).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect((await errorOf(() => scheme.verify(stampedRequest(String(at + 301)), ["s"])))?.code).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    const off = stamped({ toleranceSeconds: Number.POSITIVE_INFINITY });
    expect(await off.verify(stampedRequest("1"), ["s"])).toBe(0);
    const ten = stamped({ toleranceSeconds: 10 });
    expect((await errorOf(() => ten.verify(stampedRequest(String(at - 11)), ["s"])))?.code).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("refuses a negative or NaN tolerance when the scheme is made, not at the first request", async () => {
    for (const toleranceSeconds of [-1, Number.NaN]) {
      const error = await errorOf(() => stamped({ toleranceSeconds }));
      expect([error?.code, error?.message]).toEqual([
        "CONFIGURATION_INVALID",
        `[@t/p] toleranceSeconds must be a number of seconds, 0 or more (Infinity turns the timestamp check off); got ${toleranceSeconds}.`,
      ]);
    }
    const exact = stamped({ toleranceSeconds: 0 });
    expect(await exact.verify(stampedRequest(String(at)), ["s"])).toBe(0);
    expect((await errorOf(() => exact.verify(stampedRequest(String(at - 1)), ["s"])))?.code).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("takes 1 to 16 digits as a timestamp, and names the header when it is not one", async () => {
    const scheme = stamped({ toleranceSeconds: Number.POSITIVE_INFINITY });
    expect(await scheme.verify(stampedRequest("7"), ["s"])).toBe(0);
    expect(await scheme.verify(stampedRequest("1".repeat(16)), ["s"])).toBe(0);
    for (const bad of ["1".repeat(17), "-1", "1.5", "12a", "a12"]) {
      const error = await errorOf(() => scheme.verify(stampedRequest(bad), ["s"]));
      expect([bad, error?.code, error?.message]).toEqual([
        bad,
        "HEADER_INVALID",
        "[@t/p] The signed timestamp (x-ts) is missing or not a whole number.",
      ]);
    }
    const inHeader = xSig({
      parse: (value) => ({ signatures: [value] }),
      timestamp: {},
    });
    expect((await errorOf(() => inHeader.verify(request({ "x-sig": "ab" }), ["s"])))?.message).toBe(
      "[@t/p] The signed timestamp is missing or not a whole number.",
    );
  });

  it("requires a non-blank id header and signs the id as sent", async () => {
    const scheme = xSig({
      idHeader: "x-id",
      content: ({ id, body }) => [`${id}.`, body],
    });
    expect(await scheme.verify(request({ "x-sig": sha256Hex("s", "m-1.{}"), "x-id": "m-1" }), ["s"])).toBe(0);
    const blank: Record<string, string>[] = [{ "x-sig": "ab" }, { "x-sig": "ab", "x-id": " " }];
    for (const headers of blank) {
      const error = await errorOf(() => scheme.verify(request(headers), ["s"]));
      expect([error?.code, error?.message]).toEqual(["HEADER_INVALID", "[@t/p] The x-id header is missing."]);
    }
  });

  it("gives the signed content the request's URL, method and headers, and defaults when signing", async () => {
    const seen: unknown[] = [];
    const scheme = xSig({
      content: ({ url, method, headers, id, timestamp, body }) => {
        seen.push({ url, method, headers: headers?.get("x-extra") ?? null, id, timestamp });
        return [`${method} ${url}.`, body];
      },
    });
    const put = {
      ...request({ "x-sig": sha256Hex("s", "PUT https://x/y.{}"), "x-extra": "e" }, "{}", "https://x/y"),
      method: "PUT",
    };
    expect(await scheme.verify(put, ["s"])).toBe(0);
    const signed = await scheme.sign({ body: utf8("{}"), secret: "s" });
    expect(signed).toEqual({ headers: { "x-sig": sha256Hex("s", "POST .{}") } });
    expect(seen).toEqual([
      { url: "https://x/y", method: "PUT", headers: "e", id: "", timestamp: "" },
      { url: "", method: "POST", headers: null, id: "", timestamp: "" },
    ]);
  });

  it("signs with the current time and a generated message id when none is given", async () => {
    const scheme = xSig({
      idHeader: "x-id",
      timestamp: { header: "x-ts" },
      content: ({ id, timestamp, body }) => [`${id}.${timestamp}.`, body],
    });
    const before = Math.floor(Date.now() / 1000);
    const { headers } = await scheme.sign({ body: utf8("{}"), secret: "s" });
    const after = Math.floor(Date.now() / 1000);
    expect(headers["x-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(Number(headers["x-ts"])).toBeGreaterThanOrEqual(before);
    expect(Number(headers["x-ts"])).toBeLessThanOrEqual(after);
    expect(headers["x-sig"]).toBe(sha256Hex("s", `${headers["x-id"]}.${headers["x-ts"]}.{}`));
    expect(await scheme.verify(request(headers), ["s"])).toBe(0);
  });

  it("derives each secret's key once and keeps using it", async () => {
    const key = vi.fn((secret: string) => utf8(`k-${secret}`));
    const scheme = xSig({
      key,
    });
    const signature = sha256Hex("k-s", "{}");
    expect(await scheme.verify(request({ "x-sig": signature }), ["s"])).toBe(0);
    expect(await scheme.verify(request({ "x-sig": signature }), ["s"])).toBe(0);
    expect((await scheme.sign({ body: utf8("{}"), secret: "s" })).headers["x-sig"]).toBe(signature);
    expect(key).toHaveBeenCalledTimes(1);
  });
});

describe("sharedSecretScheme — cases found by mutation testing", () => {
  const code = "c".repeat(32);

  it("bounds a ?code= secret at 32 to 128 characters, with the lengths in the message", async () => {
    const scheme = sharedSecretScheme({ packageName: "@t/q", transport: { kind: "query" } });
    for (const secret of ["c".repeat(32), "c".repeat(128)]) {
      expect(await scheme.verify(request({}, "{}", `https://x/h?code=${secret}`), [secret])).toBe(0);
    }
    for (const secret of ["c".repeat(31), "c".repeat(129)]) {
      const error = await errorOf(() =>
        scheme.verify(request({}, "{}", `https://x/h?code=${secret}`), [secret]),
      );
      expect([error?.code, error?.message]).toEqual([
        "CONFIGURATION_INVALID",
        `[@t/q] The code secret must be between 32 and 128 characters, got ${secret.length}. Generate one with \`openssl rand -hex 32\`.`,
      ]);
    }
    const unchecked = sharedSecretScheme({
      packageName: "@t/q",
      transport: { kind: "query", codeLength: false },
    });
    expect(await unchecked.verify(request({}, "{}", "https://x/h?code=short"), ["short"])).toBe(0);
  });

  it("reads another parameter without the length rule unless asked, and names it when missing", async () => {
    const token = sharedSecretScheme({
      packageName: "@t/q",
      transport: { kind: "query", parameter: "token" },
    });
    expect(await token.verify(request({}, "{}", "https://x/h?token=abc"), ["abc"])).toBe(0);
    expect(
      (await errorOf(() => token.verify(request({}, "{}", "https://x/h?code=abc"), ["abc"])))?.code,
    ).toBe("SIGNATURE_MISSING");
    const error = await errorOf(() => token.verify(request({}, "{}", "https://x/h?token="), ["abc"]));
    expect([error?.code, error?.message]).toEqual([
      "SIGNATURE_MISSING",
      "[@t/q] The 'token' query parameter is missing.",
    ]);
    const strict = sharedSecretScheme({
      packageName: "@t/q",
      transport: { kind: "query", parameter: "token", codeLength: true },
    });
    expect(
      (await errorOf(() => strict.verify(request({}, "{}", "https://x/h?token=abc"), ["abc"])))?.code,
    ).toBe("CONFIGURATION_INVALID");
    expect((await token.sign({ body: utf8(""), secret: ["abc", "def"] })).url).toBe(
      "https://example.com/webhooks?token=abc",
    );
  });

  it("returns the first matching index for a repeated query or header secret", async () => {
    const query = sharedSecretScheme({ packageName: "@t/q", transport: { kind: "query" } });
    expect(await query.verify(request({}, "{}", `https://x/h?code=${code}`), [code, code])).toBe(0);
    const header = sharedSecretScheme({
      packageName: "@t/h",
      transport: { kind: "header", header: "x-token" },
    });
    expect(await header.verify(request({ "x-token": "tok" }), ["a", "tok", "tok"])).toBe(1);
  });

  it("reads a header without a prefix, refuses an empty one, and signs with the first secret", async () => {
    const scheme = sharedSecretScheme({
      packageName: "@t/h",
      transport: { kind: "header", header: "x-token" },
    });
    expect(await scheme.verify(request({ "x-token": "tok" }), ["tok"])).toBe(0);
    expect(await scheme.verify(request({ "x-token": "Bearer tok" }), ["tok"])).toBe(-1);
    const error = await errorOf(() => scheme.verify(request({ "x-token": "" }), ["tok"]));
    expect([error?.code, error?.message]).toEqual([
      "SIGNATURE_MISSING",
      "[@t/h] The x-token header is missing.",
    ]);
    expect((await scheme.sign({ body: utf8(""), secret: ["a", "b"] })).headers).toEqual({ "x-token": "a" });
    const bearer = sharedSecretScheme({
      packageName: "@t/h",
      transport: { kind: "header", header: "authorization", prefix: "Bearer " },
    });
    // the prefix alone carries no secret
    expect((await errorOf(() => bearer.verify(request({ authorization: "Bearer " }), ["tok"])))?.code).toBe(
      "SIGNATURE_MISSING",
    );
    expect(await bearer.verify(request({ authorization: "BEARER tok" }), ["tok"])).toBe(0);
  });

  it("reads Basic credentials in any case of the scheme name, refuses malformed ones, and returns the first match", async () => {
    const scheme = sharedSecretScheme({ packageName: "@t/b", transport: { kind: "basic" } });
    const encoded = toBase64(utf8("u:p"));
    expect(await scheme.verify(request({ authorization: `basic ${encoded}` }), ["u:p"])).toBe(0);
    expect(await scheme.verify(request({ authorization: `BASIC   ${encoded}` }), ["x:y", "u:p", "u:p"])).toBe(
      1,
    );
    const bearer = await errorOf(() =>
      scheme.verify(request({ authorization: `Bearer ${encoded}` }), ["u:p"]),
    );
    expect([bearer?.code, bearer?.message]).toEqual([
      "SIGNATURE_MISSING",
      "[@t/b] Basic authentication credentials are missing.",
    ]);
    const glued = await errorOf(() => scheme.verify(request({ authorization: `Basic${encoded}` }), ["u:p"]));
    expect(glued?.code).toBe("SIGNATURE_MISSING");
    const malformed = await errorOf(() => scheme.verify(request({ authorization: "Basic %%%" }), ["u:p"]));
    expect([malformed?.code, malformed?.message]).toEqual([
      "SIGNATURE_INVALID",
      "[@t/b] The Authorization header is malformed.",
    ]);
    expect((await scheme.sign({ body: utf8(""), secret: ["u:p", "x:y"] })).headers).toEqual({
      authorization: `Basic ${encoded}`,
    });
  });
});

describe("defineSignedReceiver — cases found by mutation testing", () => {
  const scheme = hmacScheme({ packageName: "@t/r", algorithm: "SHA-256", encoding: "hex", header: "x-sig" });
  const parse = (_request: WebhookRequest, matched: number) => ({
    type: "thing",
    payload: {},
    meta: { matched },
  });

  it("names its secret option, says the default mismatch, or the provider's own", async () => {
    expect(() =>
      defineSignedReceiver({
        provider: "r",
        packageName: "@t/r",
        secret: "",
        secretOption: "signingSecret",
        scheme,
        parse,
      }),
    ).toThrow(/signingSecret/);
    const receiver = defineSignedReceiver({ provider: "r", packageName: "@t/r", secret: "s", scheme, parse });
    expect((await errorOf(() => receiver.verify(request({ "x-sig": "00" }))))?.message).toBe(
      "[@t/r] The signature does not match the body.",
    );
    const own = defineSignedReceiver({
      provider: "r",
      packageName: "@t/r",
      secret: "s",
      scheme,
      parse,
      mismatch: "nope",
    });
    expect((await errorOf(() => own.verify(request({ "x-sig": "00" }))))?.message).toBe("nope");
    expect((await own.verify(request({ "x-sig": sha256Hex("s", "{}") }))).meta).toEqual({ matched: 0 });
  });

  it("refuses in the precheck before any secret is looked up, and waits for an asynchronous scheme", async () => {
    const lookup = vi.fn(async () => "s");
    const receiver = defineSignedReceiver({
      provider: "r",
      packageName: "@t/r",
      secret: lookup,
      scheme,
      parse,
      precheck(request) {
        if (request.method !== "POST") throw new Error("method");
      },
    });
    await expect(receiver.verify({ ...request({}), method: "GET" })).rejects.toThrow();
    expect(lookup).not.toHaveBeenCalled();
    const slow: SignatureScheme = { verify: async () => -1, sign: scheme.sign };
    const asynchronous = defineSignedReceiver({
      provider: "r",
      packageName: "@t/r",
      secret: "s",
      scheme: slow,
      parse,
    });
    expect((await errorOf(() => asynchronous.verify(request({}))))?.code).toBe("SIGNATURE_INVALID");
    const matching = defineSignedReceiver({
      provider: "r",
      packageName: "@t/r",
      secret: ["a", "b"],
      scheme: { verify: async () => 1, sign: scheme.sign },
      parse,
    });
    expect((await matching.verify(request({}))).meta).toEqual({ matched: 1 });
  });
});

describe("defineSharedSecretReceiver — cases found by mutation testing", () => {
  const code = "k".repeat(40);
  const parse = () => ({ type: "ping", payload: {} });
  const make = (extra: Partial<Parameters<typeof defineSharedSecretReceiver>[0]>) =>
    defineSharedSecretReceiver({ provider: "s", packageName: "@t/s", options: {}, parse, ...extra });
  const basic = (pair: string) => ({ authorization: `Basic ${toBase64(utf8(pair))}` });

  it("refuses to be created without any secret, with the provider's hint or the default one", () => {
    expect(() => make({})).toThrow(
      '[@t/s] Configure a secret: { code: "<32–128 characters>" } (and put ?code=<it> in the webhook URL), or { basicAuth: { username, password } }.',
    );
    expect(() => make({ configureHint: "{ token }" })).toThrow("[@t/s] Configure a secret: { token }.");
    expect(() => make({ options: { code: "short" } })).toThrow(/code/);
  });

  it("requires every configured secret: Basic credentials (one or several) and the code", async () => {
    const both = make({
      options: {
        code,
        basicAuth: [
          { username: "u", password: "p" },
          { username: "v", password: "q" },
        ],
      },
    });
    const url = `https://x/h?code=${code}`;
    expect((await both.verify(request(basic("v:q"), "{}", url))).type).toBe("ping");
    const wrongBasic = await errorOf(() => both.verify(request(basic("u:x"), "{}", url)));
    expect([wrongBasic?.code, wrongBasic?.message]).toEqual([
      "SIGNATURE_INVALID",
      "[@t/s] Basic authentication failed.",
    ]);
    const wrongCode = await errorOf(() =>
      both.verify(request(basic("u:p"), "{}", `https://x/h?code=${"z".repeat(40)}`)),
    );
    expect(wrongCode?.message).toBe("[@t/s] The 'code' query parameter does not match.");
    const single = make({ options: { basicAuth: { username: "u", password: "p" } } });
    expect((await single.verify(request(basic("u:p")))).type).toBe("ping");
  });

  it("checks named header and query secrets, each by name, the query ones without the code length", async () => {
    const receiver = make({ headers: { "x-token": "tok" }, query: { key: "abc" } });
    expect((await receiver.verify(request({ "x-token": "tok" }, "{}", "https://x/h?key=abc"))).type).toBe(
      "ping",
    );
    expect(
      (await errorOf(() => receiver.verify(request({ "x-token": "bad" }, "{}", "https://x/h?key=abc"))))
        ?.message,
    ).toBe("[@t/s] The x-token header does not match.");
    expect(
      (await errorOf(() => receiver.verify(request({ "x-token": "tok" }, "{}", "https://x/h?key=abd"))))
        ?.message,
    ).toBe("[@t/s] The 'key' query parameter does not match.");
    expect(
      (await errorOf(() => receiver.verify(request({ "x-token": "tok" }, "{}", "http://x/h?key=abc"))))?.code,
    ).toBe("HTTPS_REQUIRED");
    expect(() => make({ headers: { "x-token": "" } })).toThrow();
  });

  it("passes allowHttp and trustProxy to the URL secrets", async () => {
    const lenient = make({ options: { code, allowHttp: true }, query: { key: "abc" } });
    expect((await lenient.verify(request({}, "{}", `http://x/h?code=${code}&key=abc`))).type).toBe("ping");
    const proxied = make({ options: { code, trustProxy: true }, query: { key: "abc" } });
    expect(
      (
        await proxied.verify(
          request({ "x-forwarded-proto": "https" }, "{}", `http://x/h?code=${code}&key=abc`),
        )
      ).type,
    ).toBe("ping");
    expect(
      (
        await errorOf(() =>
          make({ options: { code } }).verify(
            request({ "x-forwarded-proto": "https" }, "{}", `http://x/h?code=${code}`),
          ),
        )
      )?.code,
    ).toBe("HTTPS_REQUIRED");
  });

  it("checks the media type after authentication, and lets the handshake authenticate", async () => {
    const typed = make({ options: { code }, mediaTypes: ["application/json"] });
    const url = `https://x/h?code=${code}`;
    expect(
      (await errorOf(() => typed.verify(request({ "content-type": "text/plain" }, "{}", url))))?.code,
    ).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      (
        await errorOf(() =>
          typed.verify(request({ "content-type": "text/plain" }, "{}", `https://x/h?code=${"z".repeat(40)}`)),
        )
      )?.code,
    ).toBe("SIGNATURE_INVALID");
    expect(
      (await make({ options: { code } }).verify(request({ "content-type": "text/plain" }, "{}", url))).type,
    ).toBe("ping");
    const shaking = make({
      options: { code },
      handshake: async (request, authenticate) => {
        await authenticate(request);
        return new Response("hello");
      },
    });
    expect(await (await shaking.handshake!(request({}, "{}", url)))!.text()).toBe("hello");
    expect(
      (await errorOf(() => shaking.handshake!(request({}, "{}", `https://x/h?code=${"z".repeat(40)}`))))
        ?.code,
    ).toBe("SIGNATURE_INVALID");
  });
});

describe("signature families — survivors of the scheme.ts/signed-receiver.ts mutation run", () => {
  it("refuses a header secret behind another word of the prefix's length, and Basic not at the start", async () => {
    const bearer = sharedSecretScheme({
      packageName: "@t/h",
      transport: { kind: "header", header: "authorization", prefix: "Bearer " },
    });
    expect(
      (await errorOf(() => bearer.verify(request({ authorization: "Token: tok" }), ["tok"])))?.code,
    ).toBe("SIGNATURE_MISSING");
    const basic = sharedSecretScheme({ packageName: "@t/b", transport: { kind: "basic" } });
    const encoded = toBase64(utf8("u:p"));
    expect(
      (await errorOf(() => basic.verify(request({ authorization: `NotBasic ${encoded}` }), ["u:p"])))?.code,
    ).toBe("SIGNATURE_MISSING");
    expect(await basic.verify(request({ authorization: `Basic ${encoded}` }), ["u:p", "u:p"])).toBe(0);
  });

  it("refuses a missing timestamp header as HEADER_INVALID", async () => {
    const scheme = hmacScheme({
      packageName: "@t/p",
      algorithm: "SHA-256",
      encoding: "hex",
      header: "x-sig",
      timestamp: { header: "x-ts" },
    });
    const error = await errorOf(() => scheme.verify(request({ "x-sig": sha256Hex("s", "{}") }), ["s"]));
    expect([error?.code, error?.message]).toEqual([
      "HEADER_INVALID",
      "[@t/p] The signed timestamp (x-ts) is missing or not a whole number.",
    ]);
  });

  it("names the default secret option, and the named secrets' options and lookups", async () => {
    const scheme = hmacScheme({
      packageName: "@t/r",
      algorithm: "SHA-256",
      encoding: "hex",
      header: "x-sig",
    });
    expect(() =>
      defineSignedReceiver({
        provider: "r",
        packageName: "@t/r",
        secret: "",
        scheme,
        parse: () => ({ type: "x", payload: {} }),
      }),
    ).toThrow(/The secret option is missing or empty/);
    const parse = () => ({ type: "ping", payload: {} });
    const shared = (extra: Partial<Parameters<typeof defineSharedSecretReceiver>[0]>) =>
      defineSharedSecretReceiver({ provider: "s", packageName: "@t/s", options: {}, parse, ...extra });
    expect((await errorOf(() => shared({})))?.code).toBe("CONFIGURATION_INVALID");
    expect(() => shared({ headers: {} })).toThrow(/The header option needs at least one non-empty name/);
    expect(() => shared({ query: {} })).toThrow(/The query option needs at least one non-empty name/);
    expect(() => shared({ headers: {}, headersOption: "tokens" })).toThrow(/The tokens option needs/);
    // one kind of secret alone is enough to create the receiver
    expect((await shared({ headers: { "x-token": "tok" } }).verify(request({ "x-token": "tok" }))).type).toBe(
      "ping",
    );
    expect((await shared({ query: { key: "k" } }).verify(request({}, "{}", "https://x/h?key=k"))).type).toBe(
      "ping",
    );
    expect(
      (
        await errorOf(() =>
          shared({ headers: { "x-token": async () => undefined } }).verify(request({ "x-token": "t" })),
        )
      )?.message,
    ).toMatch(/No header "x-token" is configured/);
    expect(
      (
        await errorOf(() =>
          shared({ query: { key: async () => undefined } }).verify(request({}, "{}", "https://x/h?key=k")),
        )
      )?.message,
    ).toMatch(/No query "key" is configured/);
    expect(
      (
        await errorOf(() =>
          shared({ options: { code: async () => undefined } }).verify(
            request({}, "{}", `https://x/h?code=${"k".repeat(40)}`),
          ),
        )
      )?.message,
    ).toMatch(/No code is configured/);
    // no handshake unless the provider has one
    expect(shared({ headers: { "x-token": "tok" } }).handshake).toBeUndefined();
  });
});
