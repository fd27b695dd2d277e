// `@paddle/paddle-node-sdk` is an optional peer used for types only: no source imports it as a value.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = fileURLToPath(new URL(".", import.meta.url));

describe("without @paddle/paddle-node-sdk", () => {
  it("imports the SDK only as types in the sources", () => {
    const sources = readdirSync(here).filter((f) => f.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(f));
    expect(sources).toContain("events.ts");
    let found = 0;
    for (const file of sources) {
      const text = readFileSync(`${here}${file}`, "utf8");
      for (const line of text.split("\n").filter((l) => /from\s+["']@paddle\/paddle-node-sdk["']/.test(l))) {
        found++;
        expect(line, file).toMatch(/^import type /);
      }
    }
    expect(found).toBeGreaterThan(0);
  });
});
