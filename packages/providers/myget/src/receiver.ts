import {
  assertMediaType,
  assertSharedSecret,
  defineReceiver,
  parseJsonObject,
  type Receiver,
  type SharedSecretOptions,
  verifySharedSecret,
  WebhookError,
} from "@hookwire/core";
import type { MyGetEvents } from "./events.js";

const PACKAGE = "@hookwire/myget";

/** Options of {@link myget}. */
export interface MyGetOptions extends SharedSecretOptions {
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The MyGet receiver type. */
export type MyGetReceiver = Receiver<MyGetEvents, "myget">;

/**
 * A receiver for MyGet webhooks.
 *
 * MyGet POSTs JSON notifications for package and build events. The event type is the body's
 * `PayloadType` (`PackageAddedWebHookEventPayloadV1`, `BuildFinishedWebHookEventPayloadV1`, the
 * `PingWebHookEventPayloadV1` sent when the hook is created…), the id `Identifier`. MyGet does not sign:
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
  assertSharedSecret(options, PACKAGE);
  return defineReceiver<MyGetEvents, "myget">({
    provider: "myget",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    async verify(request) {
      await verifySharedSecret(request, options, PACKAGE);
      assertMediaType(request, ["application/json"], PACKAGE);
      const payload = parseJsonObject<any>(request.body, PACKAGE);
      const type = payload.PayloadType;
      if (typeof type !== "string" || type === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "PayloadType".`);
      }
      return {
        type,
        id: typeof payload.Identifier === "string" ? payload.Identifier : undefined,
        payload,
        meta: { username: payload.Username, feed: payload.Payload?.FeedIdentifier },
      };
    },
  });
}
