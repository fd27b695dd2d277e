import { packageProject } from "../../tooling/vitest.config.base.js";

export default packageProject("@hookwire/example-demo", {
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000 },
});
