#!/usr/bin/env node
// Packs every published package into .tarballs/ (what `pnpm release` would publish), skipping the
// private ones: pnpm's own `pnpm -r pack` packs private packages too.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const listed = JSON.parse(
  execFileSync("pnpm", ["-r", "ls", "--depth", "-1", "--json"], { cwd: root, encoding: "utf8" }),
);
const published = listed.filter((p) => !p.private && p.path !== root.replace(/\/$/, ""));
const destination = process.argv[2] ?? ".tarballs";
mkdirSync(new URL(destination, `file://${root}`), { recursive: true });
execFileSync(
  "pnpm",
  ["-r", ...published.flatMap((p) => ["--filter", p.name]), "pack", "--pack-destination", destination],
  { cwd: root, stdio: "inherit" },
);
