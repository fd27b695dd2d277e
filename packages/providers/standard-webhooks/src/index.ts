export type { StandardWebhookPayload, StandardWebhooksEvents } from "./events.js";
export { type StandardWebhooksOptions, type StandardWebhooksReceiver, standardWebhooks } from "./receiver.js";
export {
  type StandardWebhooksSchemeOptions,
  standardWebhooksScheme,
  standardWebhooksSchemeWith,
} from "./scheme.js";
export { generateSecret, secretKey } from "./secret.js";
export { generateSigningKeyPair, type SignInput, signedContent, signStandardWebhook } from "./sign.js";
