// size-limit entry: verify-only import of core + the Standard Webhooks provider.
import { standardWebhooks } from "@hookwire/standard-webhooks";

export default {
  fetch: (request: Request) =>
    standardWebhooks({ secret: "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXM=" })
      .verify(request)
      .then((event) => Response.json(event.type)),
};
