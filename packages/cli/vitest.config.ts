import { packageProject } from "../../tooling/vitest.config.base.js";

export default packageProject("@hookwire/cli", { test: { testTimeout: 90_000 } });
