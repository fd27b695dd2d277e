import {
  assertMediaType,
  assertSharedSecret,
  defineReceiver,
  parseJson,
  type Receiver,
  type SharedSecretOptions,
  verifySharedSecret,
  WebhookError,
} from "@hookwire/core";
import type { GenericJsonEvents } from "./events.js";

const PACKAGE = "@hookwire/generic-json";

/** Options of {@link genericJson}. */
export interface GenericJsonOptions extends SharedSecretOptions {
  /** Read the event type from this top-level body field instead of the `action` query parameter. */
  typeField?: string;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The IFTTT, Zapier and other JSON senders receiver type. */
export type GenericJsonReceiver = Receiver<GenericJsonEvents, "generic-json">;

/**
 * A receiver for IFTTT, Zapier and other JSON senders webhooks.
 *
 * ASP.NET WebHooks' generic JSON receiver, for senders that only let you choose a URL and a JSON body:
 * IFTTT ("Webhooks → Make a web request"), Zapier ("Webhooks by Zapier → POST") and the like. The URL
 * carries the `code` secret; the event type is the `action` query parameter (default `change`) or, with
 * `typeField`, a field of the body. The body may be any JSON value.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { genericJson } from "@hookwire/generic-json";
 *
 * const hooks = createWebhooks({ receivers: { generic-json: genericJson({ code: process.env.GENERIC_JSON_WEBHOOK_CODE! }) } });
 * hooks.on("generic-json", "change", async (event) => console.log(event.payload));
 * // webhook URL: https://your.app/webhooks/generic-json?code=<the same code>
 * ```
 */
export function genericJson(options: GenericJsonOptions): GenericJsonReceiver {
  assertSharedSecret(options, PACKAGE);
  return defineReceiver<GenericJsonEvents, "generic-json">({
    provider: "generic-json",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    async verify(request) {
      await verifySharedSecret(request, options, PACKAGE);
      assertMediaType(request, ["application/json"], PACKAGE);
      const payload = parseJson<any>(request.body, PACKAGE);
      let type = new URL(request.url).searchParams.get("action") || "change";
      if (options.typeField !== undefined) {
        const value =
          typeof payload === "object" && payload !== null
            ? (payload as Record<string, unknown>)[options.typeField]
            : undefined;
        if (typeof value !== "string" || value === "") {
          throw new WebhookError(
            "PAYLOAD_INVALID",
            `[${PACKAGE}] The body has no "${options.typeField}" field for the event type.`,
          );
        }
        type = value;
      }
      return { type, id: undefined, payload };
    },
  });
}
