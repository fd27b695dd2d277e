import {
  defineSharedSecretReceiver,
  parseJsonObject,
  type Receiver,
  type SharedSecretOptions,
  utf8Decode,
  WebhookError,
} from "@hookwire/core";
import type { MyGetEvents } from "./events.js";

const PACKAGE = "@hookwire/myget";

/**
 * Options of {@link myget}.
 *
 * @example
 * ```ts
 * const options: MyGetOptions = { code: process.env.MYGET_CODE! };
 * ```
 */
export interface MyGetOptions extends SharedSecretOptions {
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/**
 * The MyGet receiver type.
 *
 * @example
 * ```ts
 * const receiver: MyGetReceiver = myget({ code: process.env.MYGET_CODE! });
 * ```
 */
export type MyGetReceiver = Receiver<MyGetEvents, "myget">;

/**
 * A receiver for MyGet webhooks.
 *
 * MyGet POSTs JSON notifications for package and build events. The event type is the body's
 * `PayloadType` (`PackageAddedWebHookEventPayloadV1`, `BuildFinishedWebHookEventPayloadV1`…), the id
 * `Identifier`; a `PingWebHookEventPayloadV1` is answered 200 by the handshake once the code is checked,
 * without running handlers. MyGet does not sign:
 * the URL carries the `code` secret.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { myget } from "@hookwire/myget";
 *
 * const hooks = createWebhooks({ receivers: { myget: myget({ code: process.env.MYGET_WEBHOOK_CODE! }) } });
 * hooks.on("myget", "PackageAddedWebHookEventPayloadV1", async (event) => console.log(event.payload));
 * // webhook URL: https://your.app/webhooks/myget?code=<the same code>
 * ```
 */
export function myget(options: MyGetOptions): MyGetReceiver {
  return defineSharedSecretReceiver<MyGetEvents, "myget">({
    provider: "myget",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    options,
    async handshake(request, authenticate) {
      // MyGet's "Test" sends PayloadType PingWebHookEventPayloadV1: as in ASP.NET WebHooks, authenticate it and
      // answer 200 without running handlers.
      if (request.method !== "POST" || !isPing(request.body)) return undefined;
      await authenticate(request);
      return new Response(JSON.stringify({ ok: true }), {
        status: 200,
        headers: { "content-type": "application/json; charset=utf-8" },
      });
    },
    mediaTypes: ["application/json"],
    parse(request) {
      const payload = parseJsonObject<any>(request.body, PACKAGE);
      const type = payload.PayloadType;
      if (typeof type !== "string" || type === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "PayloadType".`);
      }
      return {
        type,
        id: typeof payload.Identifier === "string" ? payload.Identifier : undefined,
        payload,
        meta: { username: payload.Username, when: payload.When, feed: payload.Payload?.FeedIdentifier },
      };
    },
  });
}

function isPing(body: Uint8Array): boolean {
  if (body.byteLength === 0 || body.byteLength > 64 * 1024) return false;
  try {
    const value = JSON.parse(utf8Decode(body)) as { PayloadType?: unknown } | null;
    return typeof value === "object" && value !== null && value.PayloadType === "PingWebHookEventPayloadV1";
  } catch {
    return false;
  }
}
