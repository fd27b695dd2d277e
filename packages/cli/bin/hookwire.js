#!/usr/bin/env node
// The `hookwire` command. A committed file, so that package managers can link it before a build
// (in this repository, `pnpm install` links it before `pnpm build` has written dist/).
try {
  await import("../dist/bin.js");
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.url).endsWith("/dist/bin.js")) {
    process.stderr.write(
      "hookwire: dist/ is not built. In the Hookwire repository run `pnpm build`, or `pnpm hookwire <command>` (no build needed).\n",
    );
    process.exitCode = 1;
  } else {
    throw error;
  }
}
