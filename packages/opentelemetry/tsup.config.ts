import { packageConfig } from "../../tooling/tsup.config.base.js";

export default packageConfig();
