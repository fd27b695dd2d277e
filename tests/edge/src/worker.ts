// The receiver the edge tests bundle: @hookwire/core + @hookwire/github, nothing else, as a module
// Worker (`export default { fetch }`) — the shape Cloudflare Workers, Deno (`Deno.serve`) and Bun
// (`Bun.serve`) all accept. No Node.js API, so no `nodejs_compat` flag.
import { createWebhooks } from "@hookwire/core";
import { github } from "@hookwire/github";

// The test secret (the tests sign with it); a real Worker reads it from `env`. A module Worker
// exports its handlers only, so this is not exported.
const SECRET = "edge-test-secret";

const hooks = createWebhooks({ receivers: { github: github({ secret: SECRET }) } });
const seen: string[] = [];
hooks.on("github", "*", (event) => {
  seen.push(`${event.type} ${event.id}`);
});

export default {
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === "/seen") return Response.json(seen);
    return hooks.handle(request);
  },
};
