import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

const conditions = ["@hookwire/source", ...defaultServerConditions];

// `pnpm test:reliability`: bounded-time fault and fuzz tests; writes docs/reliability.md.
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["@hookwire/source"] } },
  test: {
    name: "reliability",
    root: new URL(".", import.meta.url).pathname,
    include: ["reliability/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    globalSetup: ["reliability/summary-setup.ts"],
  },
});
