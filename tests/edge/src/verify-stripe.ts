// size-limit entry: verify-only import of core + the Stripe provider.
import { stripe } from "@hookwire/stripe";

export default {
  fetch: (request: Request) =>
    stripe({ secret: "whsec_s" })
      .verify(request)
      .then((event) => Response.json(event.type)),
};
