export {
  type KoaContextLike,
  preserveRawBody,
  type WebhookMiddlewareOptions,
  webhookMiddleware,
} from "./middleware.js";
