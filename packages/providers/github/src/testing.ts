import { hmacString, type TestRequestInput, testBody, utf8Decode } from "@hookwire/core";

/**
 * The `X-Hub-Signature-256` value GitHub sends for a body.
 *
 * @example
 * ```ts
 * await githubSignature("Hello, World!", "It's a Secret to Everybody");
 * // "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
 * ```
 */
export async function githubSignature(body: string | Uint8Array, secret: string): Promise<string> {
  return `sha256=${await hmacString("SHA-256", secret, body, "hex")}`;
}

/**
 * A correctly signed GitHub webhook `Request`, as GitHub would send it — for your own tests.
 * `event` is the `X-GitHub-Event` header (default `ping`); an object payload is sent as JSON.
 *
 * @example
 * ```ts
 * const request = await githubTestRequest({ secret: "s3cret", event: "issues", payload: { action: "opened", issue: { number: 1 } } });
 * const response = await hooks.handle(request);
 * ```
 */
export async function githubTestRequest(input: TestRequestInput & { form?: boolean }): Promise<Request> {
  const json = testBody(input.payload);
  const body = input.form ? `payload=${encodeURIComponent(utf8Decode(json))}` : json;
  return new Request(input.url ?? "https://example.com/webhooks/github", {
    method: "POST",
    body: body as BodyInit,
    headers: {
      "content-type": input.form ? "application/x-www-form-urlencoded" : "application/json",
      "user-agent": "GitHub-Hookshot/hookwire-test",
      "x-github-event": input.event ?? "ping",
      "x-github-delivery": input.id ?? crypto.randomUUID(),
      "x-github-hook-id": "1",
      "x-hub-signature-256": await githubSignature(body, input.secret),
      ...input.headers,
    },
  });
}
