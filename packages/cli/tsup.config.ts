import { packageConfig } from "../../tooling/tsup.config.base.js";

// The stores are optional dependencies, loaded by `serve` only: never bundled.
const external = ["@hookwire/store-sqlite", "@hookwire/store-postgres"];

export default [
  packageConfig({ external }),
  packageConfig({
    entry: { bin: "src/bin.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    platform: "node",
    banner: {},
    external,
  }),
];
