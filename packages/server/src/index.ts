export { type ApiKey, createManagementApi, type ManagementApi, type ManagementApiOptions } from "./api.js";
export { type Console, type ConsoleOptions, createConsole, isFrameAncestorSource } from "./console.js";
export { createDispatcher, type Dispatcher, type DispatcherOptions, storeFor } from "./dispatcher.js";
export { createMetrics, type Metrics } from "./metrics.js";
export {
  CONSOLE_ROUTES,
  consoleRoutes,
  matchRoute,
  openApiDocument,
  PAGE_ROUTES,
  pageApiRoutes,
  ROUTES,
  type RouteAuth,
  type RouteSpec,
} from "./openapi.js";
export { type DeliveryFilter, listDeliveries, recoverDeliveries } from "./queries.js";
