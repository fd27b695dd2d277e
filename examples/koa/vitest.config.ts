import { packageProject } from "../../tooling/vitest.config.base.js";

export default packageProject("@hookwire/example-koa", { test: { include: ["test/**/*.test.ts"] } });
