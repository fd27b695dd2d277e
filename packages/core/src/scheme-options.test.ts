// A misspelt literal in a provider's scheme is refused when the scheme is made, by name, instead of
// silently meaning another transport, algorithm or encoding.
import { describe, expect, it } from "vitest";
import { decodeBytes, encodeBytes } from "./crypto/index.js";
import { utf8 } from "./encoding.js";
import type { WebhookError } from "./errors.js";
import { asymmetricScheme, hmacScheme, sharedSecretScheme } from "./scheme.js";

const refusal = (make: () => unknown) => {
  try {
    make();
  } catch (error) {
    return { code: (error as WebhookError).code, message: (error as Error).message };
  }
  return undefined;
};

const asymmetric = (algorithm: string, encoding: string) =>
  asymmetricScheme({
    packageName: "@acme/hooks",
    algorithm: algorithm as "Ed25519",
    header: "x-signature",
    encoding: encoding as "hex",
    timestamp: { header: "x-timestamp" },
    publicKey: () => new Uint8Array(32),
    privateKey: () => new Uint8Array(32),
  });

describe("scheme options with an unknown value", () => {
  it("sharedSecretScheme: only query, header and basic transports", () => {
    expect(
      refusal(() =>
        sharedSecretScheme({ packageName: "@acme/hooks", transport: { kind: "bearer" } as never }),
      ),
    ).toEqual({
      code: "CONFIGURATION_INVALID",
      message: '[@acme/hooks] Unknown shared-secret transport "bearer": use "query", "header" or "basic".',
    });
    expect(
      refusal(() => sharedSecretScheme({ packageName: "@acme/hooks", transport: {} as never }))?.code,
    ).toBe("CONFIGURATION_INVALID");
    expect(
      refusal(() => sharedSecretScheme({ packageName: "@acme/hooks", transport: { kind: "basic" } })),
    ).toBe(undefined);
  });

  it("asymmetricScheme: only Ed25519 and ECDSA-P256, hex or base64", () => {
    expect(refusal(() => asymmetric("ECDSA-P384", "base64"))).toEqual({
      code: "CONFIGURATION_INVALID",
      message: '[@acme/hooks] Unknown asymmetric algorithm "ECDSA-P384": use "Ed25519" or "ECDSA-P256".',
    });
    expect(refusal(() => asymmetric("ed25519", "hex"))?.code).toBe("CONFIGURATION_INVALID");
    expect(refusal(() => asymmetric("Ed25519", "base64url"))).toEqual({
      code: "CONFIGURATION_INVALID",
      message: '[@acme/hooks] Unknown signature encoding "base64url": use "hex" or "base64".',
    });
    expect(refusal(() => asymmetric("ECDSA-P256", ""))?.code).toBe("CONFIGURATION_INVALID");
    for (const [algorithm, encoding] of [
      ["Ed25519", "hex"],
      ["Ed25519", "base64"],
      ["ECDSA-P256", "hex"],
      ["ECDSA-P256", "base64"],
    ] as const) {
      expect(refusal(() => asymmetric(algorithm, encoding))).toBe(undefined);
    }
  });

  it("hmacScheme: only hex, base64 and base64url", () => {
    const make = (encoding: string) => () =>
      hmacScheme({
        packageName: "@acme/hooks",
        algorithm: "SHA-256",
        encoding: encoding as "hex",
        header: "x-sig",
      });
    expect(refusal(make("Hex"))).toEqual({
      code: "CONFIGURATION_INVALID",
      message: '[@acme/hooks] Unknown signature encoding "Hex": use "hex", "base64" or "base64url".',
    });
    expect(refusal(make(""))?.code).toBe("CONFIGURATION_INVALID");
    for (const encoding of ["hex", "base64", "base64url"]) expect(refusal(make(encoding))).toBe(undefined);
  });

  it("encodeBytes and decodeBytes: the three encodings, anything else refused", () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xfe]);
    expect(encodeBytes(bytes, "hex")).toBe("fbfffe");
    expect(encodeBytes(bytes, "base64")).toBe("+//+");
    expect(encodeBytes(bytes, "base64url")).toBe("-__-");
    expect(encodeBytes(utf8("hi"), "base64")).toBe("aGk=");
    expect(encodeBytes(utf8("hi"), "base64url")).toBe("aGk");
    expect(() => encodeBytes(bytes, "b64" as never)).toThrow(
      new TypeError('Unknown signature encoding "b64": use "hex", "base64" or "base64url".'),
    );
    expect([...decodeBytes("-__-", "base64url")!]).toEqual([0xfb, 0xff, 0xfe]);
    expect([...decodeBytes("+//+", "base64")!]).toEqual([0xfb, 0xff, 0xfe]);
    expect([...decodeBytes("FBFFFE", "hex")!]).toEqual([0xfb, 0xff, 0xfe]);
    expect(() => decodeBytes("aGk=", "" as never)).toThrow(TypeError);
  });
});
