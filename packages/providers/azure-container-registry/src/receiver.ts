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
import type { AzureContainerRegistryEvents } from "./events.js";

const PACKAGE = "@hookwire/azure-container-registry";

/** Options of {@link azureContainerRegistry}. */
export interface AzureContainerRegistryOptions extends SharedSecretOptions {
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Azure Container Registry receiver type. */
export type AzureContainerRegistryReceiver = Receiver<
  AzureContainerRegistryEvents,
  "azure-container-registry"
>;

/**
 * A receiver for Azure Container Registry webhooks.
 *
 * Azure Container Registry POSTs JSON events when images or Helm charts change. The event type is the
 * body's `action` (`push`, `delete`, `quarantine`, `chart_push`, `chart_delete`), the id its `id`. ACR can send
 * custom headers (e.g. `Authorization: Basic …`), or the URL can carry the `code` secret.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { azureContainerRegistry } from "@hookwire/azure-container-registry";
 *
 * const hooks = createWebhooks({ receivers: { azure-container-registry: azureContainerRegistry({ code: process.env.AZURE_CONTAINER_REGISTRY_WEBHOOK_CODE! }) } });
 * hooks.on("azure-container-registry", "push", async (event) => console.log(event.payload));
 * // webhook URL: https://your.app/webhooks/azure-container-registry?code=<the same code>
 * ```
 */
export function azureContainerRegistry(
  options: AzureContainerRegistryOptions,
): AzureContainerRegistryReceiver {
  assertSharedSecret(options, PACKAGE);
  return defineReceiver<AzureContainerRegistryEvents, "azure-container-registry">({
    provider: "azure-container-registry",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    async verify(request) {
      await verifySharedSecret(request, options, PACKAGE);
      assertMediaType(request, ["application/json"], PACKAGE);
      const payload = parseJsonObject<any>(request.body, PACKAGE);
      const type = payload.action;
      if (typeof type !== "string" || type === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "action".`);
      }
      return {
        type,
        id: typeof payload.id === "string" ? payload.id : undefined,
        payload,
        meta: { repository: payload.target?.repository, tag: payload.target?.tag },
      };
    },
  });
}
