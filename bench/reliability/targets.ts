import { descriptors } from "@hookwire/cli";
import type { Receiver } from "@hookwire/core";

/** One receiver to fuzz: how to build it, and how to sign a body for it. */
export interface FuzzTarget {
  name: string;
  receiver: Receiver<any, string>;
  /** A correctly signed request for these body bytes. */
  sign(body: Uint8Array): Promise<Request>;
  /** A body the receiver may accept. */
  sampleBody: string;
  /** The header whose change must never verify (undefined for URL-secret providers). */
  signatureHeader?: string;
}

const SIGNATURE_HEADER = /sig|hmac|x-trello-webhook/i;

/**
 * Every provider the CLI can sign for (every provider package's descriptor), each with the
 * signer from its own package — so fuzzing covers every header and body parser.
 */
export async function fuzzTargets(): Promise<FuzzTarget[]> {
  const targets: FuzzTarget[] = [];
  for (const provider of descriptors) {
    const name = provider.name;
    // each package says what shape its secret has (whsec_…, an organization id, a key seed…)
    const secret = provider.exampleSecret ?? "hookwire-fuzz-secret-0123456789abcdef0123";
    const sign = (body: Uint8Array) => provider.sign({ secret, payload: body, event: "ping" });
    const sample = await sign(new TextEncoder().encode('{"type":"ping","id":"1"}'));
    const signatureHeader = [...sample.headers.keys()].find((h) => SIGNATURE_HEADER.test(h));
    targets.push({
      name,
      receiver: provider.receiver(secret),
      sign,
      sampleBody: '{"type":"ping","id":"1"}',
      ...(signatureHeader ? { signatureHeader } : {}),
    });
  }
  return targets;
}
