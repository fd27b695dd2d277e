import { packageProject } from "../../tooling/vitest.config.base.js";

export default packageProject("@hookwire/example-next", {
  test: { include: ["test/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 240_000 },
});
