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
  example: {
    payload: {
      type: "webhook_event",
      id: "eb0c4e06-751f-442c-86f8-fd5bb404dbec",
      created_at: "2020-04-21T06:13:53-07:00",
      trigger: "FILE.UPLOADED",
      webhook: { id: "53", type: "webhook" },
      created_by: { type: "user", id: "2", name: "John Doe", login: "john@example.com" },
      source: {
        id: "123",
        type: "file",
        file_version: { type: "file_version", id: "456", sha1: "dba6f8ad7b8a9fd9c3b5d2a31f4e8d8b7a5b6c3e" },
        sequence_id: "0",
        etag: "0",
        sha1: "dba6f8ad7b8a9fd9c3b5d2a31f4e8d8b7a5b6c3e",
        name: "Contract été / 2020.pdf",
        size: 629644,
        created_at: "2020-04-21T06:13:52-07:00",
        modified_at: "2020-04-21T06:13:52-07:00",
        parent: { type: "folder", id: "0", name: "All Files" },
      },
      additional_info: [],
    },
  },
};
