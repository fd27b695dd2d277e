import { type ProviderDescriptor, type TestRequestInput, testRequest } from "@hookwire/core";
import { box } from "./receiver.js";
import { boxScheme } from "./scheme.js";

/**
 * A correctly signed Box webhook `Request`, as Box would send it — for your own tests. `secret` is
 * the primary signature key (give `secondaryKey` to sign `BOX-SIGNATURE-SECONDARY` too); the payload
 * is the whole body (`{ type: "webhook_event", id, trigger, source, … }`).
 *
 * @example
 * ```ts
 * import { boxTestRequest } from "@hookwire/box/testing";
 * const request = await boxTestRequest({ secret: "primary-key", payload: { type: "webhook_event", id: "e1", trigger: "FILE.UPLOADED", source: { type: "file", id: "1" } } });
 * ```
 */
export function boxTestRequest(input: TestRequestInput & { secondaryKey?: string }): Promise<Request> {
  return testRequest(
    input.secondaryKey === undefined
      ? boxScheme
      : {
          verify: boxScheme.verify,
          sign: (sign) => boxScheme.sign({ ...sign, secret: [input.secret, input.secondaryKey!] }),
        },
    input,
    {
      url: "https://example.com/webhooks/box",
      headers: { "user-agent": "Box-WH-Client/0.1", "box-delivery-id": input.id ?? crypto.randomUUID() },
    },
  );
}

/**
 * Box for the `hookwire` CLI and other tools: sign, send and listen with the primary signature key.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/box/testing";
 * const request = await descriptor.sign({ secret: "primary-key", payload: { trigger: "FILE.UPLOADED" } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "box",
  packageName: "@hookwire/box",
  sign: boxTestRequest,
  receiver: (secret) => box({ primaryKey: secret }),
  secretIs: "the application's primary signature key",
};
