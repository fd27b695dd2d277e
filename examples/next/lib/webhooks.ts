import { createWebhooks } from "@hookwire/core";
import { github } from "@hookwire/github";
import { stripe } from "@hookwire/stripe";

// Secrets come from the environment; the defaults only make the example run out of the box.
export const GITHUB_SECRET = process.env.GITHUB_WEBHOOK_SECRET ?? "example-github-secret";
export const STRIPE_SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? "whsec_example_stripe_secret";

export const hooks = createWebhooks({
  receivers: {
    github: github({ secret: GITHUB_SECRET }),
    stripe: stripe({ secret: STRIPE_SECRET }),
  },
  onError: (error, { phase, receiver }) =>
    console.warn(`[webhooks] ${phase} ${receiver ?? "?"}: ${error.code} ${error.message}`),
});

hooks.on("github", "issues.opened", (event) => {
  console.log(`[github] issue #${event.payload.issue.number} opened: ${event.payload.issue.title}`);
});
hooks.on("github", "push", (event) => {
  console.log(`[github] push to ${event.payload.ref} (${event.payload.commits.length} commits)`);
});
hooks.on("stripe", "invoice.paid", (event) => {
  const invoice = event.payload.data.object;
  console.log(`[stripe] invoice ${invoice.id} paid: ${invoice.amount_paid} ${invoice.currency}`);
});
hooks.on("github", "*", (event) => console.log(`[github] ${event.type} (delivery ${event.id})`));
hooks.on("stripe", "*", (event) => console.log(`[stripe] ${event.type} (${event.id})`));
