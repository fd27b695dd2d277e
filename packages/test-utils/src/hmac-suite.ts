import { createWebhooks, type Receiver, type SecretInput, type TestRequestInput } from "@hookwire/core";
import { describe, expect, it } from "vitest";
import { codeOf } from "./codes.js";

/** How to run {@link runHmacProviderConformance} for one provider that signs with a shared secret. */
export interface HmacProviderHarness {
  /** The provider name (the receiver key and the URL segment). */
  name: string;
  /** The provider's factory, given only the secret option (name it with `secretOption`). */
  create(options: { secret: SecretInput }): Receiver<any, string>;
  /** The provider's test-request helper (from its `/testing` subpath). */
  testRequest(input: TestRequestInput): Promise<Request>;
  /** A payload the provider accepts. */
  payload: unknown;
  /** The event name to sign with, for providers that carry it outside the body. */
  event?: string;
  /** The event type that payload gives. */
  type: string;
  /** The header carrying the signature (removed to test a missing one). */
  signatureHeader: string;
  /** Two valid secrets (default two plain strings); Standard Webhooks needs `whsec_…` ones. */
  secrets?: [string, string];
  /** The provider signs a timestamp with this tolerance in seconds: expired and future ones are refused. */
  toleranceSeconds?: number;
  /**
   * The code when a per-request secret function finds no secret (default `CONFIGURATION_INVALID`);
   * `SIGNATURE_INVALID` where the lookup is keyed by a header the sender chooses (Pusher's
   * `X-Pusher-Key`), so an unknown key is an unauthentic request, not a configuration error.
   */
  unresolvedSecretCode?: "CONFIGURATION_INVALID" | "SIGNATURE_INVALID";
}

/** The request with one header removed, or its body replaced. */
async function altered(
  request: Request,
  change: { drop?: string; body?: Uint8Array; set?: [string, string] },
) {
  const headers = new Headers(request.headers);
  if (change.drop) headers.delete(change.drop);
  if (change.set) headers.set(change.set[0], change.set[1]);
  const body = change.body ?? new Uint8Array(await request.arrayBuffer());
  return new Request(request.url, { method: request.method, headers, body: body as BodyInit });
}

/**
 * The tests every HMAC-signing provider shares, run against its own factory and `/testing` helper:
 * a valid request; a tampered body; a tampered, missing or blank signature; a wrong secret; rotation
 * lists; a secret looked up per request; an empty secret refused at creation; expired and future
 * timestamps where the provider signs one; and a refused request never reaching a handler. Signature
 * vectors from the provider itself belong in the package's own tests — this suite checks the wiring.
 *
 * @example
 * ```ts
 * runHmacProviderConformance({ name: "github", create: github, testRequest: githubTestRequest,
 *   payload: { zen: "hi" }, event: "ping", type: "ping", signatureHeader: "x-hub-signature-256" });
 * ```
 */
export function runHmacProviderConformance(h: HmacProviderHarness): void {
  const [secret, other] = h.secrets ?? ["first-secret-0123456789", "second-secret-9876543210"];
  const url = `https://example.com/webhooks/${h.name}`;
  const signed = (input: Partial<TestRequestInput> = {}) =>
    h.testRequest({
      secret,
      payload: h.payload,
      url,
      ...(h.event === undefined ? {} : { event: h.event }),
      ...input,
    });

  describe(`HMAC provider: ${h.name}`, () => {
    const receiver = h.create({ secret });

    it("accepts a signed request and refuses a tampered body, a tampered signature and a wrong secret", async () => {
      expect((await receiver.verify(await signed())).type).toBe(h.type);
      const request = await signed();
      const body = new Uint8Array(await request.clone().arrayBuffer());
      const tamperedBody = new Uint8Array([...body, 0x20]);
      expect(await codeOf(receiver.verify(await altered(request.clone(), { body: tamperedBody })))).toBe(
        "SIGNATURE_INVALID",
      );
      const value = request.headers.get(h.signatureHeader);
      expect(value).toBeTruthy();
      // change one character of the signature to another value in any alphabet and either case (hex is
      // compared case-insensitively, so "A" → "a" would be no change)
      // base64 padding: skip the "=" and the partial character before them, whose low bits are unused
      const pad = value!.length - value!.replace(/=+$/, "").length;
      const last = value!.length - 1 - pad - (pad > 0 ? 1 : 0);
      const flipped = `${value!.slice(0, last)}${value![last]!.toLowerCase() === "0" ? "1" : "0"}${value!.slice(last + 1)}`;
      expect(
        await codeOf(receiver.verify(await altered(request.clone(), { set: [h.signatureHeader, flipped] }))),
      ).toBe("SIGNATURE_INVALID");
      expect(await codeOf(receiver.verify(await signed({ secret: other })))).toBe("SIGNATURE_INVALID");
    });

    it("refuses a missing or blank signature header as SIGNATURE_MISSING", async () => {
      expect(await codeOf(receiver.verify(await altered(await signed(), { drop: h.signatureHeader })))).toBe(
        "SIGNATURE_MISSING",
      );
      expect(
        await codeOf(receiver.verify(await altered(await signed(), { set: [h.signatureHeader, " "] }))),
      ).toBe("SIGNATURE_MISSING");
    });

    it("accepts every secret of a rotation list and a secret looked up per request", async () => {
      const rotating = h.create({ secret: [other, secret] });
      expect((await rotating.verify(await signed())).type).toBe(h.type);
      expect((await rotating.verify(await signed({ secret: other }))).type).toBe(h.type);
      const perTenant = h.create({
        secret: (request) => (new URL(request.url).pathname.endsWith("/tenant-b") ? other : undefined),
      });
      expect((await perTenant.verify(await signed({ secret: other, url: `${url}/tenant-b` }))).type).toBe(
        h.type,
      );
      expect(await codeOf(perTenant.verify(await signed({ secret: other, url: `${url}/tenant-c` })))).toBe(
        h.unresolvedSecretCode ?? "CONFIGURATION_INVALID",
      );
    });

    it("refuses an empty secret when created, not at the first request", () => {
      for (const bad of ["", [], [""]] as SecretInput[]) {
        expect(() => h.create({ secret: bad })).toThrow(
          expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
        );
      }
    });

    if (h.toleranceSeconds !== undefined) {
      const tolerance = h.toleranceSeconds;
      it(`refuses a timestamp more than ${tolerance} s in the past or the future`, async () => {
        const now = Math.floor(Date.now() / 1000);
        for (const timestamp of [now - tolerance - 120, now + tolerance + 120]) {
          expect(await codeOf(receiver.verify(await signed({ timestamp })))).toBe(
            "TIMESTAMP_OUT_OF_TOLERANCE",
          );
        }
        expect(
          (await receiver.verify(await signed({ timestamp: now - Math.floor(tolerance / 2) }))).type,
        ).toBe(h.type);
      });
    }

    it("answers the router with a coded JSON error and runs no handler for a bad request", async () => {
      const hooks = createWebhooks({ receivers: { [h.name]: receiver } });
      let calls = 0;
      hooks.on(h.name, "*", () => {
        calls++;
      });
      const response = await hooks.handle(await signed({ secret: other }));
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("SIGNATURE_INVALID");
      expect(calls).toBe(0);
      expect((await hooks.handle(await signed())).status).toBeLessThan(300);
      expect(calls).toBe(1);
    });
  });
}
