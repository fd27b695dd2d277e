export type { StandardWebhookPayload, StandardWebhooksEvents } from "./events.js";
export { type StandardWebhooksOptions, type StandardWebhooksReceiver, standardWebhooks } from "./receiver.js";
export { generateSecret, secretKey } from "./secret.js";
export { generateSigningKeyPair, type SignInput, signedContent, signStandardWebhook } from "./sign.js";
export { standardWebhooksTestRequest } from "./testing.js";
