import {
  defineSharedSecretReceiver,
  parseJsonObject,
  type Receiver,
  type SharedSecretOptions,
  WebhookError,
} from "@hookwire/core";
import type { KuduEvents } from "./events.js";

const PACKAGE = "@hookwire/kudu";

/**
 * The id of one deployment notification. Kudu's `id` is the commit id: a failed and then a successful
 * deployment of one commit (or a redeploy) repeat it, so the id also carries the status and the time
 * the deployment ended (`endTime`, else `receivedTime`). Without a time the event has no id (it is never
 * deduplicated) rather than one shared with another deployment.
 */
function deploymentId(payload: Record<string, unknown>, status: string): string | undefined {
  const time = [payload.endTime, payload.receivedTime].find((v) => typeof v === "string" && v !== "");
  if (typeof payload.id !== "string" || payload.id === "" || time === undefined) return undefined;
  return `${payload.id}:${status}:${time as string}`;
}

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
 * body's `status` (`success`, `failed`…), the id `<commit id>:<status>:<endTime>` (one per deployment;
 * the commit id alone is in `event.meta.commitId`).
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
  return defineSharedSecretReceiver<KuduEvents, "kudu">({
    provider: "kudu",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    options,
    mediaTypes: ["application/json"],
    parse(request) {
      const payload = parseJsonObject<any>(request.body, PACKAGE);
      const type = payload.status;
      if (typeof type !== "string" || type === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "status".`);
      }
      return {
        type,
        id: deploymentId(payload, type),
        payload,
        meta: { siteName: payload.siteName, commitId: payload.id },
      };
    },
  });
}
