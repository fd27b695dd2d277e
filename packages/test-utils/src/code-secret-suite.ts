import { createWebhooks, type Receiver, type SecretInput, type TestRequestInput } from "@hookwire/core";
import { describe, expect, it } from "vitest";
import { codeOf } from "./codes.js";

/** How to run {@link runCodeSecretConformance} for one provider that authenticates by ASP.NET's `code` secret. */
export interface CodeSecretHarness {
  /** The provider name (the receiver key and the URL segment). */
  name: string;
  /** The provider's factory, given only the `code` option. */
  create(options: { code?: SecretInput }): Receiver<any, string>;
  /** The provider's test-request helper. */
  testRequest(input: TestRequestInput): Promise<Request>;
  /** A payload the provider accepts. */
  payload: unknown;
  /** The event type that payload gives. */
  type: string;
}

/** The error code a factory call throws, or undefined when it returns. */
function creationCode(make: () => unknown): string | undefined {
  try {
    make();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const NEXT = "n3xt-n3xt-n3xt-n3xt-n3xt-n3xt-n3xt-42";

/**
 * The tests every `code`-secret provider shares: a wrong, missing, short or tampered code; no secret
 * at all; rotation lists; a code looked up per request; and a refused request never reaching a handler.
 *
 * @example
 * ```ts
 * runCodeSecretConformance({ name: "kudu", create: kudu, testRequest: kuduTestRequest, payload: fixture, type: "success" });
 * ```
 */
export function runCodeSecretConformance(h: CodeSecretHarness): void {
  describe(`code secret: ${h.name}`, () => {
    const receiver = h.create({ code: CODE });
    const signed = (secret: string, url?: string) =>
      h.testRequest({ secret, payload: h.payload, ...(url === undefined ? {} : { url }) });
    const withCode = async (code: string | null): Promise<Request> => {
      const request = await signed(CODE);
      const url = new URL(request.url);
      if (code === null) url.searchParams.delete("code");
      else url.searchParams.set("code", code);
      return new Request(url, {
        method: "POST",
        headers: request.headers,
        body: await request.arrayBuffer(),
      });
    };

    it("refuses a wrong, missing or tampered code, a code shorter than 32 characters, and no secret", async () => {
      expect((await receiver.verify(await signed(CODE))).type).toBe(h.type);
      expect(await codeOf(receiver.verify(await signed(`${CODE}x`)))).toBe("SIGNATURE_INVALID");
      expect(await codeOf(receiver.verify(await withCode(null)))).toBe("SIGNATURE_MISSING");
      expect(await codeOf(receiver.verify(await withCode(`${CODE.slice(0, -1)}3`)))).toBe(
        "SIGNATURE_INVALID",
      );
      expect(() => h.create({})).toThrow(/Configure a secret/);
    });

    it("refuses a code outside 32–128 characters when created, not at the first request", () => {
      for (const bad of ["x".repeat(31), "x".repeat(129), ["y".repeat(32), "short"]]) {
        expect(creationCode(() => h.create({ code: bad }))).toBe("CONFIGURATION_INVALID");
      }
      expect(() => h.create({ code: "x".repeat(31) })).toThrow(/between 32 and 128 characters/);
      for (const good of ["x".repeat(32), "x".repeat(128), ["y".repeat(32), "z".repeat(64)]]) {
        expect(creationCode(() => h.create({ code: good }))).toBeUndefined();
      }
      // a function is looked up (and checked) per request
      expect(creationCode(() => h.create({ code: () => "short" }))).toBeUndefined();
    });

    it("accepts every code of a rotation list and a code looked up per request", async () => {
      const rotating = h.create({ code: [CODE, NEXT] });
      for (const secret of [CODE, NEXT])
        expect((await rotating.verify(await signed(secret))).type).toBe(h.type);
      const perTenant = h.create({
        code: (request) => (new URL(request.url).pathname.endsWith("/tenant-a") ? NEXT : CODE),
      });
      const url = `https://example.com/webhooks/${h.name}/tenant-a`;
      expect((await perTenant.verify(await signed(NEXT, url))).type).toBe(h.type);
      expect(await codeOf(perTenant.verify(await signed(CODE, url)))).toBe("SIGNATURE_INVALID");
    });

    it("answers the router with a coded JSON error and runs no handler for a bad request", async () => {
      const hooks = createWebhooks({ receivers: { [h.name]: receiver } });
      let calls = 0;
      hooks.on(h.name, "*", () => {
        calls++;
      });
      const response = await hooks.handle(await signed(`${CODE}x`, `https://example.com/webhooks/${h.name}`));
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("SIGNATURE_INVALID");
      expect(calls).toBe(0);
    });
  });
}
