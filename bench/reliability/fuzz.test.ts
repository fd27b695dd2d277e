import { parseForm, parseJson, type Receiver, WebhookError } from "@hookwire/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { record } from "./summary.js";
import { fuzzTargets } from "./targets.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

/** Bodies of every shape the receivers parse, and garbage. */
const bodies: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.json().map((s) => new TextEncoder().encode(s)),
  fc
    .jsonValue()
    .map((v) => new TextEncoder().encode(JSON.stringify({ type: "x", id: "1", event: v, data: v }))),
  fc.string({ unit: "grapheme" }).map((s) => new TextEncoder().encode(s)),
  fc
    .dictionary(fc.string(), fc.string())
    .map((d) => new TextEncoder().encode(new URLSearchParams(d).toString())),
  fc.string().map((s) => new TextEncoder().encode(`payload=${encodeURIComponent(s)}`)),
  fc
    .string()
    .map((s) =>
      new TextEncoder().encode(
        `<?xml version="1.0"?><soapenv:Envelope><soapenv:Body>${s}</soapenv:Body></soapenv:Envelope>`,
      ),
    ),
  fc.constant(
    new TextEncoder().encode(
      '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>',
    ),
  ),
  fc.uint8Array({ maxLength: 4096 }),
);

/** Header values a proxy or an attacker could send (Headers accepts only ByteStrings). */
const headerValues = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) }),
  fc.constantFrom(
    "",
    "t=,v1=",
    "v1,",
    "sha256=",
    "t=1,v1=zz",
    "v0=",
    "0",
    "-1",
    "99999999999999999999",
    "=,=,=",
  ),
);

async function settle(receiver: Receiver<any, string>, request: Request): Promise<"event" | string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("verification hung for 2 s")), 2_000);
  });
  try {
    await Promise.race([receiver.verify(request), hang]);
    return "event";
  } catch (error) {
    if (!WebhookError.isInstance(error)) throw error;
    return error.code;
  } finally {
    clearTimeout(timer);
  }
}

describe("fuzzing: core parsers", () => {
  it("parseJson and parseForm give coded errors or values, never crash", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        try {
          parseJson(bytes, "@hookwire/fuzz");
        } catch (error) {
          expect(WebhookError.isInstance(error)).toBe(true);
        }
        expect(parseForm(bytes)).toBeInstanceOf(URLSearchParams);
      }),
      { numRuns: 2_000 },
    );
    record({
      suite: "Fuzzing (fast-check)",
      tried: "2,000 random byte bodies through core's JSON and form parsers",
      held: "values or `PAYLOAD_INVALID`, never an uncoded exception",
    });
  });
});

describe("fuzzing: every provider's header and body parsers", async () => {
  const targets = await fuzzTargets();
  for (const target of targets) {
    it(`${target.name}: correctly signed arbitrary bodies give an event or a coded error`, async () => {
      const codes = new Set<string>();
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          codes.add(await settle(target.receiver, await target.sign(body)));
        }),
        { numRuns: RUNS },
      );
      record({
        suite: "Fuzzing (fast-check)",
        tried: `${target.name}: ${RUNS} correctly signed bodies (JSON, form, SOAP/XML with entity expansion, text, random bytes)`,
        held: `no crash, no hang; outcomes: ${[...codes].sort().join(", ")}`,
      });
    });

    it(`${target.name}: mutated or missing headers give a coded error, never a crash`, async () => {
      const codes = new Set<string>();
      const valid = await target.sign(new TextEncoder().encode(target.sampleBody));
      const names = [...valid.headers.keys()].filter((h) => h !== "content-length");
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...names),
          fc.option(headerValues, { nil: undefined }),
          async (name, value) => {
            const headers = new Headers(valid.headers);
            if (value === undefined) headers.delete(name);
            else headers.set(name, value);
            const request = new Request(valid.url, {
              method: "POST",
              headers,
              body: new TextEncoder().encode(target.sampleBody),
            });
            const outcome = await settle(target.receiver, request);
            codes.add(outcome);
            if (name === target.signatureHeader && value !== undefined) expect(outcome).not.toBe("event");
          },
        ),
        { numRuns: RUNS },
      );
      record({
        suite: "Fuzzing (fast-check)",
        tried: `${target.name}: ${RUNS} requests with one header (${names.join(", ")}) replaced by random text or removed`,
        held: `no crash, no hang, a changed signature never verified; outcomes: ${[...codes].sort().join(", ")}`,
      });
    });
  }
});
