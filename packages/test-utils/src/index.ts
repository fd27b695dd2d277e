export {
  type AdapterHarness,
  type AdapterServer,
  CONFORMANCE_SECRET,
  runAdapterConformance,
} from "./adapter-conformance.js";
export { runStoreConformance, type StoreHarness } from "./store-conformance.js";
