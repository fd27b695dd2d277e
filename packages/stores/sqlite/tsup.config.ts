import { packageConfig } from "../../../tooling/tsup.config.base.js";

// shims: the CommonJS build gets an import.meta.url, from which the driver module resolves the
// optional better-sqlite3 peer.
export default packageConfig({ shims: true });
