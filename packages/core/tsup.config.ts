import { packageConfig } from "../../tooling/tsup.config.base.js";

export default packageConfig({
  entry: {
    index: "src/index.ts",
    "node/index": "src/node/index.ts",
    "crypto/node": "src/crypto/node.ts",
    "crypto/web": "src/crypto/web.ts",
  },
  external: ["#crypto"],
});
