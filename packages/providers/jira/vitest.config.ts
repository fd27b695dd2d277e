import { packageProject } from "../../../tooling/vitest.config.base.js";

export default packageProject("@hookwire/jira");
