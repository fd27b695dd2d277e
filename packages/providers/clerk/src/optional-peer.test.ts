// `@clerk/backend` is an optional peer used for types only: the sources may import it only with `import type`,
// so the built code never loads it and works where it is not installed.
import { runOptionalPeerTypesOnly } from "@hookwire/test-utils";

runOptionalPeerTypesOnly("@clerk/backend", new URL(".", import.meta.url));
