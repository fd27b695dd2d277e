import { packageProject } from "../../tooling/vitest.config.base.js";

export default packageProject("@hookwire/example-fastify", { test: { include: ["test/**/*.test.ts"] } });
