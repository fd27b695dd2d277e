export { type ApiKey, createManagementApi, type ManagementApi, type ManagementApiOptions } from "./api.js";
export { type Console, type ConsoleOptions, createConsole, isFrameAncestorSource } from "./console.js";
export { createDispatcher, type Dispatcher, type DispatcherOptions, storeFor } from "./dispatcher.js";
export { createMetrics, type Metrics } from "./metrics.js";
export { openApiDocument, ROUTES } from "./openapi.js";
export { type DeliveryFilter, listDeliveries, recoverDeliveries } from "./queries.js";
