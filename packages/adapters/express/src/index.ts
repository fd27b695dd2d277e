export { captureRawBody, type WebhookMiddlewareOptions, webhookMiddleware } from "./middleware.js";
