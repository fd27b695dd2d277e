/**
 * The `request` block of an ACR event: the registry request that caused it.
 *
 * @example
 * ```ts
 * function read(value: AzureContainerRegistryRequest) {
 *   return value.id;
 * }
 * ```
 */
export interface AzureContainerRegistryRequest {
  id: string;
  host: string;
  method: string;
  useragent: string;
}

/**
 * The `target` of an image event (`push`, `delete`, `quarantine`).
 *
 * @example
 * ```ts
 * function read(value: AzureContainerRegistryImageTarget) {
 *   return value.mediaType;
 * }
 * ```
 */
export interface AzureContainerRegistryImageTarget {
  mediaType?: string;
  size?: number;
  digest: string;
  length?: number;
  repository: string;
  /** Absent on `delete` (deleting a manifest removes every tag). */
  tag?: string;
}

/**
 * The `target` of a Helm chart event (`chart_push`, `chart_delete`).
 *
 * @example
 * ```ts
 * function read(value: AzureContainerRegistryChartTarget) {
 *   return value.mediaType;
 * }
 * ```
 */
export interface AzureContainerRegistryChartTarget {
  mediaType: string;
  size: number;
  digest: string;
  repository: string;
  tag: string;
  name: string;
  version: string;
}

/**
 * An ACR webhook event (learn.microsoft.com/azure/container-registry/container-registry-webhook-reference).
 *
 * @example
 * ```ts
 * hooks.on("acr", "push", (event) => `${event.payload.target.repository}:${event.payload.target.tag}`);
 * ```
 */
export interface AzureContainerRegistryEvent<
  TAction extends string,
  TTarget = AzureContainerRegistryImageTarget,
> {
  id: string;
  timestamp: string;
  action: TAction;
  target: TTarget;
  request?: AzureContainerRegistryRequest;
}

/**
 * ACR events by `action`. The portal's `ping` is answered by the handshake and never reaches handlers.
 *
 * @example
 * ```ts
 * hooks.on("acr", "chart_push", (event) => event.payload.target.version);
 * ```
 */
export type AzureContainerRegistryEvents = {
  push: AzureContainerRegistryEvent<"push">;
  delete: AzureContainerRegistryEvent<"delete">;
  quarantine: AzureContainerRegistryEvent<"quarantine">;
  chart_push: AzureContainerRegistryEvent<"chart_push", AzureContainerRegistryChartTarget>;
  chart_delete: AzureContainerRegistryEvent<"chart_delete", AzureContainerRegistryChartTarget>;
};
