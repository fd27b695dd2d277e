export { EXIT, type Io, main } from "./cli.js";
export { type CliProvider, descriptors, providers } from "./providers.js";
