#!/usr/bin/env node
// Run after tsup in a package with optional peer dependencies whose types it re-exports (`stripe`
// in @hookwire/stripe): marks each `import … from "<optional peer>"` of the emitted declarations with
// `// @ts-ignore`, so that an app without the peer still compiles with `skipLibCheck: false` (the
// peer's types then resolve to `any`) instead of failing with TS2307 / TS7016 inside our package.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const optional = Object.entries(manifest.peerDependenciesMeta ?? {})
  .filter(([, meta]) => meta?.optional)
  .map(([name]) => name);
const literal = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const pattern = new RegExp(
  `^(?<!@ts-ignore[^\\n]*\\n)((?:import|export)[^\\n]*?from\\s*['"](?:${optional.map(literal).join("|")})(?:/[^'"]*)?['"];?)$`,
  "gm",
);

function* declarations(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* declarations(path);
    else if (/\.d\.[cm]?ts$/.test(entry)) yield path;
  }
}

let marked = 0;
if (optional.length > 0) {
  for (const file of declarations("dist")) {
    const text = readFileSync(file, "utf8");
    const next = text.replace(pattern, (line) => {
      marked++;
      return `// @ts-ignore -- optional peer dependency: without it installed, its types are \`any\`\n${line}`;
    });
    if (next !== text) writeFileSync(file, next);
  }
}
console.log(
  `${manifest.name}: ${marked} import(s) of optional peers (${optional.join(", ") || "none"}) marked`,
);
