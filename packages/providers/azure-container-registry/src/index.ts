export type {
  AzureContainerRegistryChartTarget,
  AzureContainerRegistryEvent,
  AzureContainerRegistryEvents,
  AzureContainerRegistryImageTarget,
  AzureContainerRegistryRequest,
} from "./events.js";
export {
  type AzureContainerRegistryOptions,
  type AzureContainerRegistryReceiver,
  azureContainerRegistry,
} from "./receiver.js";
