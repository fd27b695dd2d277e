import {
  defineSharedSecretReceiver,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  type SharedSecretOptions,
  utf8Decode,
  WebhookError,
} from "@hookwire/core";
import type { AzureContainerRegistryEvents } from "./events.js";

const PACKAGE = "@hookwire/azure-container-registry";

/**
 * Options of {@link azureContainerRegistry}. Configure at least one of `code`, `headers`, `basicAuth`;
 * every one configured must match.
 *
 * @example
 * ```ts
 * const options: AzureContainerRegistryOptions = { code: process.env.ACR_WEBHOOK_CODE! };
 * ```
 */
export interface AzureContainerRegistryOptions extends SharedSecretOptions {
  /**
   * The webhook's **Custom headers** (configured in ACR as `Name: value` lines), each compared in constant
   * time: `{ authorization: "Bearer " + process.env.ACR_TOKEN }`.
   */
  headers?: Readonly<Record<string, SecretInput>>;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/**
 * The Azure Container Registry receiver type.
 *
 * @example
 * ```ts
 * const receiver: AzureContainerRegistryReceiver = azureContainerRegistry({ code: process.env.ACR_WEBHOOK_CODE! });
 * ```
 */
export type AzureContainerRegistryReceiver = Receiver<
  AzureContainerRegistryEvents,
  "azure-container-registry"
>;

/**
 * A receiver for Azure Container Registry webhooks.
 *
 * Azure Container Registry POSTs JSON events when images or Helm charts change. The event type is the
 * body's `action` (`push`, `delete`, `quarantine`, `chart_push`, `chart_delete`), the id its `id`. ACR does not
 * sign: the service URI carries the `code` secret and/or the webhook's custom headers carry a token
 * (`headers`). The portal's **Ping** (`action: "ping"`) is answered 200 by the handshake, after
 * authentication, without running handlers.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { azureContainerRegistry } from "@hookwire/azure-container-registry";
 *
 * const hooks = createWebhooks({
 *   receivers: { acr: azureContainerRegistry({ code: process.env.ACR_WEBHOOK_CODE! }) },
 * });
 * hooks.on("acr", "push", async (event) => console.log(event.payload.target.repository, event.payload.target.tag));
 * // service URI: https://your.app/webhooks/acr?code=<the same code>
 * ```
 */
export function azureContainerRegistry(
  options: AzureContainerRegistryOptions,
): AzureContainerRegistryReceiver {
  return defineSharedSecretReceiver<AzureContainerRegistryEvents, "azure-container-registry">({
    provider: "azure-container-registry",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    options,
    headers: options?.headers,
    headersOption: "headers",
    configureHint: `{ code: "<32–128 characters>" } (and put ?code=<it> in the service URI), or { headers: { authorization: "Bearer <token>" } } matching the webhook's custom headers`,
    async handshake(request, authenticate) {
      // ACR's "Ping" button posts an event with action "ping": authenticate it and answer 200 without handlers.
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
      const type = payload.action;
      if (typeof type !== "string" || type === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "action".`);
      }
      return {
        type,
        id: typeof payload.id === "string" ? payload.id : undefined,
        payload,
        meta: {
          repository: payload.target?.repository,
          tag: payload.target?.tag,
          digest: payload.target?.digest,
          host: payload.request?.host,
          timestamp: payload.timestamp,
        },
      };
    },
  });
}

function isPing(body: Uint8Array): boolean {
  if (body.byteLength === 0 || body.byteLength > 64 * 1024) return false;
  try {
    const value = JSON.parse(utf8Decode(body)) as { action?: unknown } | null;
    return typeof value === "object" && value !== null && value.action === "ping";
  } catch {
    return false;
  }
}
