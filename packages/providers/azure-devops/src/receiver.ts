import {
  defineSharedSecretReceiver,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  type SharedSecretOptions,
  WebhookError,
} from "@hookwire/core";
import type { AzureDevOpsEvents } from "./events.js";

const PACKAGE = "@hookwire/azure-devops";

/**
 * Options of {@link azureDevops}. Configure at least one of `code`, `basicAuth`, `header`; every one configured must match.
 *
 * @example
 * ```ts
 * const options: AzureDevOpsOptions = { code: process.env.AZURE_DEVOPS_CODE! };
 * ```
 */
export interface AzureDevOpsOptions extends SharedSecretOptions {
  /**
   * Secrets sent in the subscription's "HTTP headers" field (`X-Webhook-Token: <token>` there,
   * `{ "x-webhook-token": process.env.TOKEN }` here), compared in constant time.
   */
  header?: Readonly<Record<string, SecretInput>>;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/**
 * The Azure DevOps (formerly VSTS) receiver type.
 *
 * @example
 * ```ts
 * const receiver: AzureDevOpsReceiver = azureDevops({ code: process.env.AZURE_DEVOPS_CODE! });
 * ```
 */
export type AzureDevOpsReceiver = Receiver<AzureDevOpsEvents, "azure-devops">;

/**
 * A receiver for Azure DevOps (formerly VSTS) webhooks.
 *
 * Azure DevOps service hooks ("Web Hooks" consumer) POST JSON events. The event type is the body's
 * `eventType` (`git.push`, `build.complete`, `workitem.updated`…), the id its `id`. Service hooks can send
 * HTTP Basic credentials, or the URL can carry the `code` secret as with ASP.NET WebHooks' VSTS receiver.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { azureDevops } from "@hookwire/azure-devops";
 *
 * const hooks = createWebhooks({ receivers: { "azure-devops": azureDevops({ code: process.env.AZURE_DEVOPS_WEBHOOK_CODE! }) } });
 * hooks.on("azure-devops", "git.push", async (event) => console.log(event.payload));
 * // webhook URL: https://your.app/webhooks/azure-devops?code=<the same code>
 * ```
 */
export function azureDevops(options: AzureDevOpsOptions): AzureDevOpsReceiver {
  return defineSharedSecretReceiver<AzureDevOpsEvents, "azure-devops">({
    provider: "azure-devops",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    options,
    headers: options?.header,
    headersOption: "header",
    configureHint: `{ code: "<32–128 characters>" } (and put ?code=<it> in the subscription URL), { basicAuth: { username, password } } (the subscription's basic authentication), or { header: { "x-webhook-token": "<token>" } }`,
    mediaTypes: ["application/json"],
    parse(request) {
      const payload = parseJsonObject<any>(request.body, PACKAGE);
      const type = payload.eventType;
      if (typeof type !== "string" || type === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "eventType".`);
      }
      return {
        type,
        id: typeof payload.id === "string" ? payload.id : undefined,
        payload,
        meta: {
          publisherId: payload.publisherId,
          subscriptionId: payload.subscriptionId,
          notificationId: payload.notificationId,
          resourceVersion: payload.resourceVersion,
        },
      };
    },
  });
}
