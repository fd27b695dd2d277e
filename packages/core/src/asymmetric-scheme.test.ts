import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fromBase64, fromHex, toBase64, toHex, utf8 } from "./encoding.js";
import { type AsymmetricSchemeOptions, asymmetricScheme } from "./scheme.js";
import type { WebhookRequest } from "./types.js";

// Independent signers and keys: node:crypto, not the scheme under test.
const ed = generateKeyPairSync("ed25519");
const edOther = generateKeyPairSync("ed25519");
const rawPublic = (key: typeof ed.publicKey) =>
  toHex(key.export({ format: "der", type: "spki" }).subarray(12));
const rawSeed = (key: typeof ed.privateKey) =>
  toHex(key.export({ format: "der", type: "pkcs8" }).subarray(16));
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const ecOther = generateKeyPairSync("ec", { namedCurve: "P-256" });
const spki = (key: typeof ec.publicKey) => toBase64(key.export({ format: "der", type: "spki" }));
const pkcs8 = (key: typeof ec.privateKey) => toBase64(key.export({ format: "der", type: "pkcs8" }));

const NOW = 1_700_000_000;
const BODY = '{"type":1}';

const ed25519 = (
  extra: Partial<AsymmetricSchemeOptions> = {},
  timestamp: AsymmetricSchemeOptions["timestamp"] = { header: "X-Ts" },
) =>
  asymmetricScheme({
    packageName: "@t/ed",
    algorithm: "Ed25519",
    header: "X-Sig",
    encoding: "hex",
    publicKey: (hex) => fromHex(hex)!,
    privateKey: (hex) => fromHex(hex)!,
    timestamp: { now: () => NOW * 1000, ...timestamp },
    ...extra,
  });
const p256 = asymmetricScheme({
  packageName: "@t/ec",
  algorithm: "ECDSA-P256",
  header: "X-Sig",
  encoding: "base64",
  publicKey: (b64) => fromBase64(b64)!,
  privateKey: (b64) => fromBase64(b64)!,
  timestamp: { header: "X-Ts", toleranceSeconds: Number.POSITIVE_INFINITY },
  missingHint: "Turn signing on.",
});

const request = (headers: Record<string, string>, body = BODY): WebhookRequest => ({
  method: "POST",
  url: "https://example.com/hook",
  headers: new Headers(headers),
  body: utf8(body),
});
const edSigned = (timestamp: string, body = BODY, key = ed.privateKey) =>
  request({ "x-sig": toHex(nodeSign(null, utf8(timestamp + body), key)), "x-ts": timestamp }, body);
const failure = async (run: () => unknown) => {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error as { code: string; message: string };
  }
};

describe("asymmetricScheme", () => {
  it("verifies Ed25519 over the timestamp and body against every public key (rotation)", async () => {
    const scheme = ed25519();
    const keys = [rawPublic(edOther.publicKey), rawPublic(ed.publicKey)];
    expect(await scheme.verify(edSigned(String(NOW)), keys)).toBe(1);
    expect(await scheme.verify(edSigned(String(NOW)), [rawPublic(edOther.publicKey)])).toBe(-1);
    expect(await scheme.verify(edSigned(String(NOW), '{"type":2}'), keys.slice(1))).toBe(0);
    const tampered = edSigned(String(NOW));
    expect(await scheme.verify({ ...tampered, body: utf8('{"type":2}') }, keys)).toBe(-1);
  });

  it("verifies ECDSA P-256 DER signatures, and signs what node:crypto verifies", async () => {
    const timestamp = String(NOW);
    const der = nodeSign("sha256", utf8(timestamp + BODY), ec.privateKey);
    const signed = request({ "x-sig": toBase64(der), "x-ts": timestamp });
    expect(await p256.verify(signed, [spki(ecOther.publicKey), spki(ec.publicKey)])).toBe(1);
    expect(await p256.verify(signed, [spki(ecOther.publicKey)])).toBe(-1);
    const { headers } = await p256.sign({ body: utf8(BODY), secret: pkcs8(ec.privateKey), timestamp: NOW });
    expect(headers["X-Ts"]).toBe(timestamp);
    expect(nodeVerify("sha256", utf8(timestamp + BODY), ec.publicKey, fromBase64(headers["X-Sig"]!)!)).toBe(
      true,
    );
  });

  it("signs Ed25519 as the provider does: the hex signature of the timestamp and body, under the header names given", async () => {
    const { headers } = await ed25519().sign({
      body: utf8(BODY),
      secret: [rawSeed(ed.privateKey), "ignored"],
      timestamp: NOW,
    });
    expect(Object.keys(headers).sort()).toEqual(["X-Sig", "X-Ts"]);
    expect(nodeVerify(null, utf8(`${NOW}${BODY}`), ed.publicKey, fromHex(headers["X-Sig"]!)!)).toBe(true);
  });

  it("refuses missing and malformed headers with coded errors that name them", async () => {
    const key = [rawPublic(ed.publicKey)];
    const scheme = ed25519();
    const good = edSigned(String(NOW));
    const sig = good.headers.get("x-sig")!;
    expect(await failure(() => scheme.verify(request({ "x-ts": String(NOW) }), key))).toMatchObject({
      code: "SIGNATURE_MISSING",
      message: "[@t/ed] The X-Sig header is missing.",
    });
    expect(await failure(() => p256.verify(request({ "x-ts": String(NOW) }), key))).toMatchObject({
      message: "[@t/ec] The X-Sig header is missing. Turn signing on.",
    });
    expect(await failure(() => scheme.verify(request({ "x-sig": sig }), key))).toMatchObject({
      code: "HEADER_INVALID",
      message: "[@t/ed] The X-Ts header is missing or not a whole number.",
    });
    expect(await failure(() => scheme.verify(request({ "x-sig": sig, "x-ts": "soon" }), key))).toMatchObject({
      code: "HEADER_INVALID",
    });
    for (const bad of ["zz", sig.slice(2), `${sig}00`]) {
      expect(
        await failure(() => scheme.verify(request({ "x-sig": bad, "x-ts": String(NOW) }), key)),
      ).toMatchObject({
        code: "SIGNATURE_INVALID",
        message: "[@t/ed] The X-Sig header is not a 64-byte hex signature.",
      });
    }
    for (const bad of ["not base64!", toBase64(new Uint8Array([0x31, 1, 2]))]) {
      expect(
        await failure(() => p256.verify(request({ "x-sig": bad, "x-ts": String(NOW) }), key)),
      ).toMatchObject({
        code: "SIGNATURE_INVALID",
        message: "[@t/ec] The X-Sig header is not a base64 DER ECDSA signature.",
      });
    }
  });

  it("refuses a negative tolerance when the scheme is made", async () => {
    expect(await failure(async () => ed25519({}, { header: "X-Ts", toleranceSeconds: -5 }))).toMatchObject({
      code: "CONFIGURATION_INVALID",
      message: expect.stringContaining("[@t/ed] toleranceSeconds must be a number of seconds, 0 or more"),
    });
  });

  it("checks the window after the signature (default 300 s), and a timestamp's form only then when wholeNumber is false", async () => {
    const key = [rawPublic(ed.publicKey)];
    expect(await ed25519().verify(edSigned(String(NOW - 299)), key)).toBe(0);
    expect(await failure(() => ed25519().verify(edSigned(String(NOW - 301)), key))).toMatchObject({
      code: "TIMESTAMP_OUT_OF_TOLERANCE",
    });
    // a forged old timestamp is a bad signature, not an expired one
    expect(await ed25519().verify(edSigned(String(NOW - 301), BODY, edOther.privateKey), key)).toBe(-1);
    const off = ed25519({}, { header: "X-Ts", toleranceSeconds: Number.POSITIVE_INFINITY });
    expect(await off.verify(edSigned(String(NOW - 86_400)), key)).toBe(0);
    const lenient = ed25519(
      {},
      { header: "X-Ts", toleranceSeconds: Number.POSITIVE_INFINITY, wholeNumber: false },
    );
    expect(await lenient.verify(edSigned("soon"), key)).toBe(0);
    expect(await failure(() => lenient.verify(request({ "x-sig": "00".repeat(64) }), key))).toMatchObject({
      code: "HEADER_INVALID",
      message: "[@t/ed] The X-Ts header is missing.",
    });
    const windowed = ed25519({}, { header: "X-Ts", wholeNumber: false });
    expect(await failure(() => windowed.verify(edSigned("soon"), key))).toMatchObject({
      code: "HEADER_INVALID",
      message: "[@t/ed] The X-Ts header is not a whole number of seconds.",
    });
    expect(await windowed.verify(edSigned("soon", BODY, edOther.privateKey), key)).toBe(-1);
  });

  it("signs other content when the provider says what it signs", async () => {
    const scheme = ed25519({
      content: (parts) => utf8(`${parts.method} ${parts.timestamp}.${new TextDecoder().decode(parts.body)}`),
    });
    const { headers } = await scheme.sign({
      body: utf8(BODY),
      secret: rawSeed(ed.privateKey),
      timestamp: NOW,
    });
    expect(nodeVerify(null, utf8(`POST ${NOW}.${BODY}`), ed.publicKey, fromHex(headers["X-Sig"]!)!)).toBe(
      true,
    );
    expect(
      await scheme.verify(request({ "x-sig": headers["X-Sig"]!, "x-ts": String(NOW) }), [
        rawPublic(ed.publicKey),
      ]),
    ).toBe(0);
  });
});
