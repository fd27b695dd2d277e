import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toBase64, utf8 } from "./encoding.js";
import { hmacScheme, sharedSecretScheme } from "./scheme.js";
import { defineSignedReceiver } from "./signed-receiver.js";
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
