import { packageConfig } from "../../../tooling/tsup.config.base.js";

export default packageConfig({ entry: { index: "src/index.ts", testing: "src/testing.ts" } });
