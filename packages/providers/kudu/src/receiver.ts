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
import type { KuduEvents } from "./events.js";

const PACKAGE = "@hookwire/kudu";

/**
 * Options of {@link kudu}.
 *
 * @example
 * ```ts
 * const options: KuduOptions = { code: process.env.KUDU_CODE! };
 * ```
 */
export interface KuduOptions extends SharedSecretOptions {
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/**
 * The Kudu (Azure App Service deployments) receiver type.
 *
 * @example
 * ```ts
 * const receiver: KuduReceiver = kudu({ code: process.env.KUDU_CODE! });
 * ```
 */
export type KuduReceiver = Receiver<KuduEvents, "kudu">;

/**
 * A receiver for Kudu (Azure App Service deployments) webhooks.
 *
 * Kudu, the deployment engine of Azure App Service, POSTs a JSON notification after each deployment.
 * It does not sign requests: the URL carries ASP.NET WebHooks' `code` secret. The event type is the
 * body's `status` (`success`, `failed`…), the id the deployment `id`.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { kudu } from "@hookwire/kudu";
 *
 * const hooks = createWebhooks({ receivers: { kudu: kudu({ code: process.env.KUDU_WEBHOOK_CODE! }) } });
 * hooks.on("kudu", "success", async (event) => console.log(event.payload));
 * // webhook URL: https://your.app/webhooks/kudu?code=<the same code>
 * ```
 */
export function kudu(options: KuduOptions): KuduReceiver {
  assertSharedSecret(options, PACKAGE);
  return defineReceiver<KuduEvents, "kudu">({
    provider: "kudu",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    async verify(request) {
      await verifySharedSecret(request, options, PACKAGE);
      assertMediaType(request, ["application/json"], PACKAGE);
      const payload = parseJsonObject<any>(request.body, PACKAGE);
      const type = payload.status;
      if (typeof type !== "string" || type === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "status".`);
      }
      return {
        type,
        id: typeof payload.id === "string" ? payload.id : undefined,
        payload,
        meta: { siteName: payload.siteName },
      };
    },
  });
}
