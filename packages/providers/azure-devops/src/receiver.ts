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
import type { AzureDevOpsEvents } from "./events.js";

const PACKAGE = "@hookwire/azure-devops";

/** Options of {@link azureDevops}. */
export interface AzureDevOpsOptions extends SharedSecretOptions {
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Azure DevOps (formerly VSTS) receiver type. */
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
 * const hooks = createWebhooks({ receivers: { azure-devops: azureDevops({ code: process.env.AZURE_DEVOPS_WEBHOOK_CODE! }) } });
 * hooks.on("azure-devops", "git.push", async (event) => console.log(event.payload));
 * // webhook URL: https://your.app/webhooks/azure-devops?code=<the same code>
 * ```
 */
export function azureDevops(options: AzureDevOpsOptions): AzureDevOpsReceiver {
  assertSharedSecret(options, PACKAGE);
  return defineReceiver<AzureDevOpsEvents, "azure-devops">({
    provider: "azure-devops",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    async verify(request) {
      await verifySharedSecret(request, options, PACKAGE);
      assertMediaType(request, ["application/json"], PACKAGE);
      const payload = parseJsonObject<any>(request.body, PACKAGE);
      const type = payload.eventType;
      if (typeof type !== "string" || type === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "eventType".`);
      }
      return {
        type,
        id: typeof payload.id === "string" ? payload.id : undefined,
        payload,
        meta: { publisherId: payload.publisherId },
      };
    },
  });
}
