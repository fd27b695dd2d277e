// Bundles src/worker.ts as a Worker bundler would: esbuild, ESM, the "workerd"/"worker"/"browser"
// conditions, platform "browser" — a `node:*` import anywhere in the graph fails the build, so the
// bundle needs no `nodejs_compat`. Resolves the packages' published dist/ (run `pnpm build` first).
import { build } from "esbuild";

export async function bundle(entry = "src/worker.ts", outfile = "dist/worker.js") {
  const result = await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    outfile: new URL(outfile, import.meta.url).pathname,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    minify: true,
    metafile: true,
    logLevel: "silent",
  });
  return { outfile: new URL(outfile, import.meta.url).pathname, inputs: Object.keys(result.metafile.inputs) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { outfile, inputs } = await bundle();
  console.log(`${outfile}: ${inputs.length} modules`);
}
