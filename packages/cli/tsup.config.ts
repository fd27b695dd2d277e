import { packageConfig } from "../../tooling/tsup.config.base.js";

export default [
  packageConfig(),
  packageConfig({
    entry: { bin: "src/bin.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    platform: "node",
    banner: {},
  }),
];
