// Preloaded with `node --import` by commands.test.ts: appends every module the process resolves (ESM
// imports and CommonJS requires) to the file named by HOOKWIRE_TRACE_LOADS, one per line.
import { appendFileSync } from "node:fs";
import Module, { register } from "node:module";

const file = process.env.HOOKWIRE_TRACE_LOADS;
if (file) {
  const hooks = `
    import { appendFileSync } from "node:fs";
    export async function resolve(specifier, context, next) {
      appendFileSync(${JSON.stringify(file)}, specifier + "\\n");
      return next(specifier, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    appendFileSync(file, `${request}\n`);
    return original.call(this, request, ...rest);
  };
}
