#!/usr/bin/env node
// Scaffold a package with the shape every Hookwire package shares:
//   node tooling/new-package.mjs <category> <name> "<description>"
// e.g. node tooling/new-package.mjs providers slack "Verify Slack requests…"
// category: providers | adapters | stores | "" (top level). Writes package.json, tsconfig.json,
// tsup.config.ts, vitest.config.ts, LICENSE and an empty src/index.ts; never overwrites a file. README
// links must be absolute (${REPO}/blob/main/…): they are read on the registry's page.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const [category, name, description = ""] = process.argv.slice(2);
if (!name) {
  console.error('usage: node tooling/new-package.mjs <providers|adapters|stores|""> <name> "<description>"');
  process.exit(2);
}
const root = new URL("..", import.meta.url).pathname;
const dir = join(root, "packages", category ?? "", name);
const up = relative(dir, root) || ".";
const pkgName = `@hookwire/${name}`;
const REPO = "https://github.com/hookwire/hookwire";
const directory = relative(root, dir);
const provider = category === "providers";
mkdirSync(join(dir, "src"), { recursive: true });

const condition = (path, dist) => ({
  "@hookwire/source": `./src/${path}.ts`,
  import: { types: `./dist/${dist}.d.ts`, default: `./dist/${dist}.js` },
  require: { types: `./dist/${dist}.d.cts`, default: `./dist/${dist}.cjs` },
});

const files = {
  "package.json": `${JSON.stringify(
    {
      name: pkgName,
      version: "0.1.0",
      description,
      keywords: ["webhooks", "webhook", name],
      license: "MIT",
      homepage: `${REPO}/tree/main/${directory}#readme`,
      repository: { type: "git", url: `git+${REPO}.git`, directory },
      bugs: { url: `${REPO}/issues` },
      type: "module",
      sideEffects: false,
      engines: { node: ">=20.19" },
      exports: {
        ".": condition("index", "index"),
        // providers: test helpers and the CLI's descriptor on their own subpath
        ...(provider ? { "./testing": condition("testing", "testing") } : {}),
        "./package.json": "./package.json",
      },
      main: "./dist/index.cjs",
      module: "./dist/index.js",
      types: "./dist/index.d.cts",
      // moduleResolution node10 finds the subpath's types through typesVersions
      ...(provider ? { typesVersions: { "*": { testing: ["./dist/testing.d.cts"] } } } : {}),
      files: ["LICENSE", "dist", "src", "!src/**/*.test.ts", "!src/**/*.test-d.ts"],
      scripts: {
        // optional-peer-types: declarations of optional peers compile where the peer is absent
        build: `tsup && node ${up}/tooling/optional-peer-types.mjs`,
        typecheck: "tsc --noEmit",
        lint: "publint --strict && attw --pack .",
      },
      dependencies: { "@hookwire/core": "workspace:^" },
      devDependencies: {},
    },
    null,
    2,
  )}\n`,
  "tsconfig.json": `${JSON.stringify(
    {
      extends: `${up}/tsconfig.base.json`,
      compilerOptions: { types: ["node"] },
      include: ["src", "test", "*.ts"],
    },
    null,
    2,
  )}\n`,
  "tsup.config.ts": `import { packageConfig } from "${up}/tooling/tsup.config.base.js";\n\nexport default packageConfig(${provider ? '{ entry: { index: "src/index.ts", testing: "src/testing.ts" } }' : ""});\n`,
  "vitest.config.ts": `import { packageProject } from "${up}/tooling/vitest.config.base.js";\n\nexport default packageProject("${pkgName}");\n`,
  "src/index.ts": "",
  ...(provider ? { "src/testing.ts": "" } : {}),
  LICENSE: readFileSync(join(root, "LICENSE"), "utf8"),
};
for (const [file, content] of Object.entries(files)) {
  const path = join(dir, file);
  if (existsSync(path)) continue;
  writeFileSync(path, content);
  console.log(`created ${relative(root, path)}`);
}
