export type { AzureContainerRegistryEvent, AzureContainerRegistryEvents } from "./events.js";
export {
  type AzureContainerRegistryOptions,
  type AzureContainerRegistryReceiver,
  azureContainerRegistry,
} from "./receiver.js";
export { azureContainerRegistryTestRequest } from "./testing.js";
