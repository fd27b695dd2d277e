// size-limit entry: the router (createWebhooks) + the GitHub provider, as a Worker bundles it.
import { createWebhooks } from "@hookwire/core";
import { github } from "@hookwire/github";

const hooks = createWebhooks({ receivers: { github: github({ secret: "s" }) } });
export default { fetch: (request: Request) => hooks.handle(request) };
