// The shared store suite, imported by path: @hookwire/test-utils depends on this package, so a package
// dependency back would be a cycle.
import { runStoreConformance } from "../../test-utils/src/store-conformance.js";
import { memoryStore } from "./memory-store.js";

runStoreConformance({ name: "memory", create: async () => memoryStore() });
