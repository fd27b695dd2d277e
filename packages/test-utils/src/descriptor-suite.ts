import { readFileSync } from "node:fs";
import type { ProviderDescriptor } from "@hookwire/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "./codes.js";

/** Options for {@link runDescriptorConformance}. */
export interface DescriptorConformanceOptions {
  /**
   * The package directory name (`github`, `azure-alerts`): the descriptor's `name` must equal it and
   * its `packageName` must be `@hookwire/<name>`. Without it, only the `@hookwire/<descriptor.name>`
   * pairing is checked.
   */
  name?: string;
  /** The secret to sign and verify with; default `descriptor.exampleSecret`, else 40 characters. */
  secret?: string;
  /**
   * Codes a signed arbitrary body may get besides `OK` and `PAYLOAD_INVALID` (a body that carries its
   * own timestamp or signature fields, for instance).
   */
  allowCodes?: readonly string[];
  /** fast-check runs; default 100. */
  numRuns?: number;
  /** The largest body tried, in bytes; default 512. */
  maxLength?: number;
  /**
   * A payload the receiver accepts and the type it gives: signed with `secret`, it verifies to that
   * type, and a receiver with another secret refuses it with `SIGNATURE_INVALID`.
   */
  example?: { payload: unknown; event?: string; type: string; otherSecret?: string };
}

/** The secret used when the descriptor names no example secret: any string of 32+ characters works. */
const DEFAULT_SECRET = "d".repeat(40);

/**
 * The tests every provider's `/testing` descriptor shares: it names its package, and its `sign` of
 * any body bytes gives a request its own `receiver(secret)` either verifies (`OK`) or refuses with a
 * coded error from the allowed list, never an uncoded throw.
 *
 * @example
 * ```ts
 * runDescriptorConformance(descriptor, { name: "linear", allowCodes: ["TIMESTAMP_OUT_OF_TOLERANCE"] });
 * ```
 */
export function runDescriptorConformance(
  descriptor: ProviderDescriptor,
  options: DescriptorConformanceOptions = {},
): void {
  const secret = options.secret ?? descriptor.exampleSecret ?? DEFAULT_SECRET;
  const allowed = ["OK", "PAYLOAD_INVALID", ...(options.allowCodes ?? [])];

  describe(`descriptor conformance (${descriptor.packageName})`, () => {
    it("names its package", () => {
      if (options.name !== undefined) expect(descriptor.name).toBe(options.name);
      expect(descriptor.packageName).toBe(`@hookwire/${descriptor.name}`);
    });

    it(`signs any body bytes; its receiver answers ${allowed.join(", ")} (a coded error, never an uncoded throw)`, async () => {
      const receiver = descriptor.receiver(secret);
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: options.maxLength ?? 512 }), async (payload) => {
          const request = await descriptor.sign({ secret, event: "ping", payload });
          expect(allowed).toContain(await codeOf(receiver.verify(request)));
        }),
        { numRuns: options.numRuns ?? 100 },
      );
    });

    const example = options.example;
    if (example !== undefined) {
      it(`signs the example its own receiver reads as ${example.type}, refusing another secret`, async () => {
        const { payload, event } = example;
        const request = await descriptor.sign({ secret, payload, ...(event === undefined ? {} : { event }) });
        expect((await descriptor.receiver(secret).verify(request.clone())).type).toBe(example.type);
        const other = descriptor.receiver(example.otherSecret ?? "another-secret-0123456789abcdef");
        expect(await codeOf(other.verify(request))).toBe("SIGNATURE_INVALID");
      });
    }
  });
}

/**
 * For the `code`-secret descriptors that `hookwire listen` serves over plain http on localhost: the
 * descriptor names the package of `packageJson`, and a delivery of its example signed for an
 * `http://localhost` URL keeps that URL and verifies with the descriptor's own receiver.
 *
 * @example
 * ```ts
 * runLocalHttpDescriptorCheck(descriptor, new URL("../package.json", import.meta.url));
 * ```
 */
export function runLocalHttpDescriptorCheck(descriptor: ProviderDescriptor, packageJson: URL): void {
  it("names this package, and its receiver accepts plain http (hookwire listen serves http locally)", async () => {
    const pkg = JSON.parse(readFileSync(packageJson, "utf8")) as { name: string };
    expect(descriptor.packageName).toBe(pkg.name);
    const code = "c0de".repeat(10);
    const sent = await descriptor.sign({
      secret: code,
      ...descriptor.example!,
      url: `http://localhost:3000/webhooks/${descriptor.name}`,
    });
    expect(new URL(sent.url).protocol).toBe("http:");
    expect((await descriptor.receiver(code).verify(sent)).provider).toBe(descriptor.name);
  });
}
