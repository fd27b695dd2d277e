// `@clerk/backend` is an optional peer used for types only: the sources may import it only with `import type`,
// so the built code never loads it and works where it is not installed.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = fileURLToPath(new URL(".", import.meta.url));
const STATEMENT = /\b(?:import|export)\b[^;]*?\bfrom\s+["']@clerk\/backend(?:\/[^"']*)?["']/g;

describe("the optional @clerk/backend peer", () => {
  it("is imported only as types by the package's sources", () => {
    const sources = readdirSync(here).filter((f) => f.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(f));
    let imports = 0;
    for (const file of sources) {
      for (const [statement] of readFileSync(join(here, file), "utf8").matchAll(STATEMENT)) {
        imports++;
        expect(statement, file).toMatch(/^import type /);
      }
    }
    expect(imports).toBeGreaterThan(0);
  });
});
