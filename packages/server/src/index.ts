export { type ApiKey, createManagementApi, type ManagementApi, type ManagementApiOptions } from "./api.js";
export { createDispatcher, type Dispatcher, type DispatcherOptions, storeFor } from "./dispatcher.js";
export { openApiDocument, ROUTES } from "./openapi.js";
