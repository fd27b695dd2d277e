import { defineConfig, type Options } from "tsup";

/**
 * The one tsup configuration every published Hookwire package builds with:
 * ESM + CJS, declarations for both, Node 20 target, no bundled dependencies.
 */
export function packageConfig(options: Partial<Options> = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    platform: "neutral",
    splitting: false,
    treeshake: true,
    ...options,
  });
}
