#!/usr/bin/env node
// What a user gets from the registry, checked from packed tarballs (run after `pnpm build`):
//   1. every published package is packed, and no private one;
//   2. each tarball holds LICENSE, README.md and package.json with repository, homepage and bugs;
//   3. no README link is relative (they would be broken on the registry's page);
//   4. the tarballs installed in a fresh app (npm, no install scripts, optional peers absent) type-check
//      with skipLibCheck: false under moduleResolution node10, node16 and bundler.
// Usage: node tests/packaging/check.mjs [--no-types]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const work = mkdtempSync(join(tmpdir(), "hookwire-packaging-"));
const tarballs = join(work, "tarballs");
mkdirSync(tarballs);
const problems = [];
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

// The workspace's packages, public and private.
const listed = JSON.parse(run("pnpm", ["-r", "ls", "--depth", "-1", "--json"], root));
const all = listed.filter((p) => p.path !== root);
const publicPackages = all.filter((p) => !p.private);
const privateNames = new Set(all.filter((p) => p.private).map((p) => p.name));

// 1. `pnpm -r pack`, as a user of the repository runs it: it packs every public package and skips the
// private ones (they have no "version", and pnpm packs only packages with a name and a version).
for (const p of all)
  if (p.private && p.version !== undefined)
    problems.push(`${p.name} is private but has a version: \`pnpm -r pack\` would pack it`);
run("pnpm", ["-r", "pack", "--pack-destination", tarballs], root);
const packed = readdirSync(tarballs).filter((f) => f.endsWith(".tgz"));
if (packed.length !== publicPackages.length)
  problems.push(`packed ${packed.length} tarballs for ${publicPackages.length} public packages`);
for (const file of packed)
  for (const name of privateNames)
    if (file.startsWith(`${name.replace("@", "").replace("/", "-")}-`))
      problems.push(`${file}: private package packed`);

// 2 and 3. The contents of each tarball.
for (const file of packed) {
  const contents = run("tar", ["tzf", join(tarballs, file)]).split("\n");
  for (const required of ["package/LICENSE", "package/README.md", "package/package.json"])
    if (!contents.includes(required)) problems.push(`${file}: no ${required.slice(8)}`);
  const manifest = JSON.parse(run("tar", ["xzOf", join(tarballs, file), "package/package.json"]));
  for (const field of ["repository", "homepage", "bugs", "license"])
    if (!manifest[field]) problems.push(`${file}: package.json has no ${field}`);
  if (manifest.repository && !manifest.repository.directory)
    problems.push(`${file}: repository has no directory`);
  const readme = run("tar", ["xzOf", join(tarballs, file), "package/README.md"]);
  for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g))
    if (!/^(https?:|mailto:|#)/.test(target))
      problems.push(`${file}: README links to "${target}" (relative)`);
}

// 4. Types in a fresh app.
if (!process.argv.includes("--no-types") && problems.length === 0) {
  const app = join(work, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
  run(
    "npm",
    [
      "install",
      "--prefer-offline",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      "@types/node@20",
      ...packed.map((f) => join(tarballs, f)),
    ],
    app,
  );
  const imports = [];
  for (const dir of readdirSync(join(app, "node_modules/@hookwire"))) {
    const manifest = JSON.parse(
      readFileSync(join(app, "node_modules/@hookwire", dir, "package.json"), "utf8"),
    );
    for (const key of Object.keys(manifest.exports ?? { ".": null }))
      if (key !== "./package.json") imports.push(`@hookwire/${dir}${key.slice(1)}`);
  }
  writeFileSync(join(app, "index.ts"), imports.map((s, i) => `export * as m${i} from "${s}";\n`).join(""));
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const common = [
    "--noEmit",
    "--strict",
    "--skipLibCheck",
    "false",
    "--types",
    "node",
    "--target",
    "es2022",
    "--lib",
    "es2023,dom,dom.iterable",
    "--esModuleInterop",
    "index.ts",
  ];
  const modes = {
    node10: ["--module", "commonjs", "--moduleResolution", "node10", "--ignoreDeprecations", "5.0"],
    node16: ["--module", "node16", "--moduleResolution", "node16"],
    bundler: ["--module", "esnext", "--moduleResolution", "bundler"],
  };
  for (const [mode, flags] of Object.entries(modes)) {
    try {
      run(process.execPath, [tsc, ...flags, ...common], app);
    } catch (error) {
      problems.push(`types (${mode}, skipLibCheck false):\n${String(error.stdout).trim()}`);
    }
  }
  console.log(`type-checked ${imports.length} entry points in a fresh app (node10, node16, bundler)`);
}

rmSync(work, { recursive: true, force: true });
if (problems.length > 0) {
  console.error(`packaging: ${problems.length} problem(s)\n${problems.map((p) => `- ${p}`).join("\n")}`);
  process.exit(1);
}
console.log(
  `packaging: ${packed.length} tarballs, each with LICENSE, README (absolute links) and repository/homepage/bugs`,
);
