// size-limit entry: verify-only import of core + the GitHub provider.
import { github } from "@hookwire/github";

export default {
  fetch: (request: Request) =>
    github({ secret: "s" })
      .verify(request)
      .then((event) => Response.json(event.type)),
};
