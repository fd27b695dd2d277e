export {
  type AdapterHarness,
  type AdapterServer,
  CONFORMANCE_SECRET,
  runAdapterConformance,
} from "./adapter-conformance.js";
export { type CodeSecretHarness, runCodeSecretConformance } from "./code-secret-suite.js";
export { codeOf, refusalOf } from "./codes.js";
export { withoutSyncHmac } from "./crypto.js";
export {
  type DescriptorConformanceOptions,
  runDescriptorConformance,
  runLocalHttpDescriptorCheck,
} from "./descriptor-suite.js";
export { type HmacProviderHarness, runHmacProviderConformance } from "./hmac-suite.js";
export { type KillLoopOptions, type KillLoopResult, runKillLoop } from "./kill-test.js";
export { runOptionalPeerTypesOnly } from "./optional-peer.js";
export { runStoreConformance, type StoreHarness } from "./store-conformance.js";
export { runSvixProviderConformance, SVIX_VECTOR, type SvixProviderHarness } from "./svix-suite.js";
