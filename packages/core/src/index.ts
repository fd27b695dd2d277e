export {
  assertMediaType,
  formToNested,
  formToObject,
  mediaType,
  nestedToForm,
  parseForm,
  parseJson,
  parseJsonObject,
  requireHeader,
} from "./body.js";
export {
  assertCodeOption,
  assertHttps,
  assertNamedSecrets,
  assertSharedSecret,
  type CodeTransportOptions,
  MAX_CODE_LENGTH,
  MIN_CODE_LENGTH,
  type SharedSecretOptions,
  verifyBasicAuth,
  verifyCodeQuery,
  verifyNamedSecrets,
  verifySharedSecret,
} from "./code-query.js";
export {
  type CryptoBackend,
  cryptoBackend,
  decodeBytes,
  digest,
  ecdsaP256PublicKey,
  ecdsaP256Sign,
  ecdsaP256Verify,
  ed25519PublicKey,
  ed25519Sign,
  ed25519Verify,
  encodeBytes,
  type HmacAlgorithm,
  hmac,
  hmacString,
  type KeyInput,
  type MacInput,
  randomBytes,
  rsaSha256Verify,
  type SignatureEncoding,
  timingSafeEqual,
  timingSafeEqualString,
  verifyHmac,
  verifyHmacNow,
} from "./crypto/index.js";
export {
  concatBytes,
  fromBase64,
  fromHex,
  toBase64,
  toBase64Url,
  toHex,
  utf8,
  utf8Decode,
} from "./encoding.js";
export {
  ERROR_STATUS,
  toWebhookError,
  WebhookError,
  type WebhookErrorCode,
  type WebhookErrorOptions,
} from "./errors.js";
export { type IdempotencyStore, memoryIdempotencyStore } from "./idempotency.js";
export { defineReceiver, type ReceiverDefinition, type VerifiedParts } from "./receiver.js";
export { DEFAULT_MAX_BODY_BYTES, isFetchRequest, readLimited, toWebhookRequest } from "./request.js";
export { jsonResponse } from "./response.js";
export {
  type HmacSchemeOptions,
  hmacScheme,
  type ParsedSignature,
  type SharedSecretSchemeOptions,
  type SharedSecretTransport,
  type SignatureScheme,
  type SignedContent,
  type SignedParts,
  type SignInput,
  sharedSecretScheme,
} from "./scheme.js";
export { assertSecretOption, resolveSecrets, type SecretInput, secretResolver } from "./secrets.js";
export { defineSignedReceiver, type SignedReceiverDefinition } from "./signed-receiver.js";
export {
  type ProviderDescriptor,
  type TestRequestInput,
  type TestRequestShape,
  type TestRequestSigner,
  testBody,
  testId,
  testRequest,
} from "./testing.js";
export {
  assertTimestamp,
  type Clock,
  DEFAULT_TOLERANCE_SECONDS,
  parseTimestampSeconds,
} from "./timestamp.js";
export type {
  EventFor,
  EventMap,
  EventNameOf,
  EventOf,
  EventsOf,
  Handler,
  HandlerContext,
  HeaderReader,
  ProviderOf,
  PublishMessage,
  PublishResult,
  Receiver,
  Sender,
  UnknownWebhookEvent,
  WebhookEvent,
  WebhookRequest,
} from "./types.js";
export {
  createWebhooks,
  type DispatchEvent,
  type DispatchOptions,
  type ErrorContext,
  errorResult,
  type HandleOptions,
  type IncomingWebhook,
  type OnOptions,
  type Receivers,
  type RouteResult,
  resultToResponse,
  type Webhooks,
  type WebhooksOptions,
} from "./webhooks.js";
