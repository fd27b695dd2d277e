export { type WebhookPluginOptions, webhookPlugin } from "./plugin.js";
