import { type ProviderDescriptor, type TestRequestInput, testRequest, utf8 } from "@hookwire/core";
import { trello } from "./receiver.js";
import { trelloScheme } from "./scheme.js";

/**
 * The `X-Trello-Webhook` value Trello sends: base64 HMAC-SHA1 of the body followed by the callback URL.
 *
 * @example
 * ```ts
 * await trelloSignature('{"action":{}}', "https://your.app/webhooks/trello", "app-secret");
 * ```
 */
export async function trelloSignature(
  body: string | Uint8Array,
  callbackUrl: string,
  secret: string,
): Promise<string> {
  const { headers } = await trelloScheme.sign({
    body: typeof body === "string" ? utf8(body) : body,
    secret,
    url: callbackUrl,
  });
  return headers["X-Trello-Webhook"]!;
}

/**
 * A correctly signed Trello `Request` — for your own tests. The callback URL signed is `input.url`
 * (default `https://example.com/webhooks/trello`). When the payload is an object without `action`
 * and `input.event` is given, it is wrapped as `{ action: { type: event, id, data: payload }, model, webhook }`.
 *
 * @example
 * ```ts
 * import { trelloTestRequest } from "@hookwire/trello/testing";
 * const request = await trelloTestRequest({ secret: "app-secret", event: "createCard", payload: { card: { id: "c1", name: "Hi" } } });
 * ```
 */
export function trelloTestRequest(input: TestRequestInput): Promise<Request> {
  const url = input.url ?? "https://example.com/webhooks/trello";
  let payload = input.payload;
  if (
    input.event !== undefined &&
    typeof payload === "object" &&
    payload !== null &&
    !(payload instanceof Uint8Array) &&
    !("action" in payload)
  ) {
    payload = {
      action: {
        id: input.id ?? crypto.randomUUID().replace(/-/g, "").slice(0, 24),
        idMemberCreator: "000000000000000000000001",
        type: input.event,
        date: new Date().toISOString(),
        data: payload,
      },
      model: { id: "000000000000000000000002" },
      webhook: {
        id: "000000000000000000000003",
        idModel: "000000000000000000000002",
        callbackURL: url,
        active: true,
      },
    };
  }
  return testRequest(trelloScheme, { ...input, payload, url }, { url });
}

/**
 * Trello for the `hookwire` CLI and other tools: sign, send and listen with the app secret (the
 * callback URL signed is the URL the request is sent to).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/trello/testing";
 * const request = await descriptor.sign({ secret: "app-secret", event: "createCard", payload: { card: { id: "c1" } } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "trello",
  packageName: "@hookwire/trello",
  sign: trelloTestRequest,
  receiver: (secret) => trello({ secret }),
  example: {
    payload: {
      model: { id: "5a4ba3ee4c2f8a2f1a1b4f26", name: "Hookwire roadmap" },
      action: {
        id: "5f4d8e5a3c7a0b1d2e3f4a5b",
        idMemberCreator: "5a4ba3d1e8b5d0a35c1e9c7d",
        data: {
          card: {
            id: "5f4d8e5a3c7a0b1d2e3f4a50",
            name: "Écrire la doc — “Trello” ✓",
            idShort: 42,
            shortLink: "AbCdEfGh",
          },
          list: { id: "5a4ba3ee4c2f8a2f1a1b4f27", name: "To Do" },
          board: { id: "5a4ba3ee4c2f8a2f1a1b4f26", name: "Hookwire roadmap", shortLink: "XyZ12345" },
        },
        type: "createCard",
        date: "2020-08-31T23:48:10.435Z",
        memberCreator: {
          id: "5a4ba3d1e8b5d0a35c1e9c7d",
          username: "bentleycook",
          fullName: "Bentley Cook",
          initials: "BC",
          avatarHash: null,
        },
      },
      webhook: {
        id: "5f4d8e1f9b2c3d4e5f6a7b8c",
        description: "Hookwire",
        idModel: "5a4ba3ee4c2f8a2f1a1b4f26",
        callbackURL: "https://example.com/webhooks/trello",
        active: true,
      },
    },
  },
};
