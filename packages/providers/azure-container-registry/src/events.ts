/** An ACR webhook event (learn.microsoft.com/azure/container-registry/container-registry-webhook-reference). */
export interface AzureContainerRegistryEvent<TAction extends string> {
  id: string;
  timestamp: string;
  action: TAction;
  target: {
    mediaType?: string;
    size?: number;
    digest?: string;
    length?: number;
    repository: string;
    tag?: string;
    name?: string;
    version?: string;
  };
  request?: { id: string; host: string; method: string; useragent: string };
}

/** ACR events by `action`. */
export type AzureContainerRegistryEvents = {
  push: AzureContainerRegistryEvent<"push">;
  delete: AzureContainerRegistryEvent<"delete">;
  quarantine: AzureContainerRegistryEvent<"quarantine">;
  chart_push: AzureContainerRegistryEvent<"chart_push">;
  chart_delete: AzureContainerRegistryEvent<"chart_delete">;
};
