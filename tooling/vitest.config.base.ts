import { defaultServerConditions } from "vite";
import { defineProject, mergeConfig, type UserWorkspaceConfig } from "vitest/config";

const conditions = ["@hookwire/source", ...defaultServerConditions];

/** One vitest project per package; tests read sources through the private `@hookwire/source` condition. */
export function packageProject(name: string, overrides: UserWorkspaceConfig = {}) {
  return mergeConfig(
    defineProject({
      resolve: { conditions },
      ssr: { resolve: { conditions, externalConditions: ["@hookwire/source"] } },
      test: {
        name,
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        typecheck: { enabled: false },
        // Tests assert outcomes, never speed: on a loaded 2-core machine a correct test may take many
        // times its idle duration (200 concurrent requests, fast-check runs, child processes).
        testTimeout: 60_000,
        hookTimeout: 60_000,
      },
    }),
    overrides,
  );
}
