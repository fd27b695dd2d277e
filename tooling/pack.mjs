#!/usr/bin/env node
// Packs every published package into .tarballs/ (what `pnpm release` would publish). `pnpm -r pack`
// skips the private packages by itself: they have no "version", and pnpm packs only packages that have
// a name and a version (tests/packaging/check.mjs checks that no private package gets one).
import { execFileSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const destination = process.argv[2] ?? ".tarballs";
execFileSync("pnpm", ["-r", "pack", "--pack-destination", destination], { cwd: root, stdio: "inherit" });
