import type { Receiver } from "@hookwire/core";
import { github, githubTestRequest } from "@hookwire/github";

/** One receiver to fuzz: how to build it, and how to sign a body for it. */
export interface FuzzTarget {
  name: string;
  receiver: Receiver<any, string>;
  /** A correctly signed request for these body bytes. */
  sign(body: Uint8Array): Promise<Request>;
  /** A body the receiver accepts. */
  sampleBody: string;
  /** The header whose change must never verify (undefined for URL-secret providers). */
  signatureHeader?: string;
}

const SECRET = "fuzz-secret-0123456789abcdef0123456789";

/** Every provider package to fuzz. */
export async function fuzzTargets(): Promise<FuzzTarget[]> {
  return [
    {
      name: "github",
      receiver: github({ secret: SECRET }),
      sign: (body) => githubTestRequest({ secret: SECRET, event: "issues", payload: body }),
      sampleBody: '{"action":"opened","issue":{"number":1}}',
      signatureHeader: "x-hub-signature-256",
    },
  ];
}
