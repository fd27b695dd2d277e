import { defineConfig } from "vitest/config";

const report = process.env.HOOKWIRE_TEST_REPORT;

export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "packages/*/*/vitest.config.ts", "examples/*/vitest.config.ts"],
    reporters: report ? ["default", ["json", { outputFile: report }]] : ["default"],
  },
});
