import { packageProject } from "../../tooling/vitest.config.base.js";

export default packageProject("@hookwire/example-express", { test: { include: ["test/**/*.test.ts"] } });
