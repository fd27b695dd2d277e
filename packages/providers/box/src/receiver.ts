import {
  assertSecretOption,
  type Clock,
  defineSignedJsonReceiver,
  type Receiver,
  type SecretInput,
  secretResolver,
} from "@hookwire/core";
import type { BoxEvents } from "./events.js";
import { boxSchemeWith } from "./scheme.js";

const PACKAGE = "@hookwire/box";

/** Options of {@link box}. */
export interface BoxOptions {
  /**
   * The primary signature key (Developer Console → your app → Webhooks → Manage signature keys),
   * checked against `BOX-SIGNATURE-PRIMARY`. A list accepts any of them; a function looks it up per
   * request.
   */
  primaryKey: SecretInput;
  /** The secondary signature key, checked against `BOX-SIGNATURE-SECONDARY` (rotation). */
  secondaryKey?: SecretInput;
  /** Oldest delivery accepted, in seconds (default 600: Box's 10 minutes). */
  toleranceSeconds?: number;
  /** Clock in milliseconds (tests). */
  now?: Clock;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Box receiver type. */
export type BoxReceiver = Receiver<BoxEvents, "box">;

/**
 * A receiver for Box webhooks (v2).
 *
 * Verifies `BOX-SIGNATURE-PRIMARY` against the primary key, or `BOX-SIGNATURE-SECONDARY` against the
 * secondary key (base64 HMAC-SHA256 of the raw body followed by `BOX-DELIVERY-TIMESTAMP`; version
 * `1`, algorithm `HmacSHA256`), then refuses deliveries older than 10 minutes. Rotate by generating
 * the other key, deploying it, then regenerating the old one. Events are named by the body's
 * `trigger` (`FILE.UPLOADED`); `event.id` is the body's `id`, `event.meta.deliveryId` the
 * `BOX-DELIVERY-ID` header.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { box } from "@hookwire/box";
 *
 * const hooks = createWebhooks({
 *   receivers: { box: box({ primaryKey: process.env.BOX_PRIMARY_KEY!, secondaryKey: process.env.BOX_SECONDARY_KEY }) },
 * });
 * hooks.on("box", "FILE.UPLOADED", async (event) => {
 *   console.log(`${event.payload.source.name} uploaded by ${event.payload.created_by.login}`);
 * });
 * ```
 */
export function box(options: BoxOptions): BoxReceiver {
  const secondaryKey = options?.secondaryKey;
  if (secondaryKey !== undefined) assertSecretOption(secondaryKey, PACKAGE, "secondaryKey");
  const secondaryOf =
    secondaryKey === undefined ? undefined : secretResolver(secondaryKey, PACKAGE, "secondaryKey");
  return defineSignedJsonReceiver<BoxEvents, "box">({
    provider: "box",
    packageName: PACKAGE,
    options: { secret: options?.primaryKey, maxBodyBytes: options?.maxBodyBytes },
    ...(options?.now === undefined ? {} : { now: options.now }),
    secretOption: "primaryKey",
    scheme: boxSchemeWith({
      ...(secondaryOf === undefined ? {} : { secondary: secondaryOf }),
      ...(options?.toleranceSeconds === undefined ? {} : { toleranceSeconds: options.toleranceSeconds }),
      ...(options?.now === undefined ? {} : { now: options.now }),
    }),
    mismatch: `[${PACKAGE}] The signature does not match the body under the primary or the secondary key.`,
    mediaTypes: ["application/json", ""],
    type: "trigger",
    id: "id",
    meta: (body, request) => {
      const webhook = body.webhook as { id?: unknown } | null | undefined;
      return {
        deliveryId: request.headers.get("box-delivery-id") ?? undefined,
        webhookId:
          typeof webhook === "object" && webhook !== null && typeof webhook.id === "string"
            ? webhook.id
            : undefined,
      };
    },
  });
}
