export { EXIT, type Io, main } from "./cli.js";
export { type CliProvider, providers } from "./providers.js";
