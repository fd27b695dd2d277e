import { hmacString, type TestRequestInput, testBody } from "@hookwire/core";

/**
 * The `X-Hub-Signature` value Bitbucket sends for a body when the webhook has a secret.
 *
 * @example
 * ```ts
 * await bitbucketSignature('{"push":{}}', "webhook-secret"); // "sha256=…"
 * ```
 */
export async function bitbucketSignature(body: string | Uint8Array, secret: string): Promise<string> {
  return `sha256=${await hmacString("SHA-256", secret, body, "hex")}`;
}

/**
 * A correctly signed Bitbucket `Request` — for your own tests. `event` is the `X-Event-Key`
 * (default `repo:push`); pass `code: true` to put the secret in `?code=` instead of signing.
 *
 * @example
 * ```ts
 * const request = await bitbucketTestRequest({ secret: "s", event: "pullrequest:created", payload: { pullrequest: { id: 1 } } });
 * ```
 */
export async function bitbucketTestRequest(input: TestRequestInput & { code?: boolean }): Promise<Request> {
  const body = testBody(input.payload);
  const url = new URL(input.url ?? "https://example.com/webhooks/bitbucket");
  if (input.code) url.searchParams.set("code", input.secret);
  return new Request(url, {
    method: "POST",
    body: body as BodyInit,
    headers: {
      "content-type": "application/json",
      "user-agent": "Bitbucket-Webhooks/2.0",
      "x-event-key": input.event ?? "repo:push",
      "x-request-uuid": input.id ?? crypto.randomUUID(),
      "x-hook-uuid": "{00000000-0000-4000-8000-000000000000}",
      "x-attempt-number": "1",
      ...(input.code ? {} : { "x-hub-signature": await bitbucketSignature(body, input.secret) }),
      ...input.headers,
    },
  });
}
