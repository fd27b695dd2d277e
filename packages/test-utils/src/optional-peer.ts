import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The test of a package whose optional peer is used for types only: its sources (the `.ts` files of
 * `sourceDir` that are not tests) may import the peer only with `import type`, so the built code never
 * loads it and works where it is not installed — and they do import it at least once.
 *
 * @example
 * ```ts
 * runOptionalPeerTypesOnly("@clerk/backend", new URL(".", import.meta.url));
 * ```
 */
export function runOptionalPeerTypesOnly(peer: string, sourceDir: URL): void {
  const here = fileURLToPath(sourceDir);
  const escaped = peer.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const statement = new RegExp(`\\b(?:import|export)\\b[^;]*?\\bfrom\\s+["']${escaped}(?:/[^"']*)?["']`, "g");

  describe(`the optional ${peer} peer`, () => {
    it("is imported only as types by the package's sources", () => {
      const sources = readdirSync(here).filter((f) => f.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(f));
      let imports = 0;
      for (const file of sources) {
        for (const [found] of readFileSync(join(here, file), "utf8").matchAll(statement)) {
          imports++;
          expect(found, file).toMatch(/^import type /);
        }
      }
      expect(imports).toBeGreaterThan(0);
    });
  });
}
