import { createWebhooks } from "@hookwire/core";
import { github } from "@hookwire/github";
import { stripe } from "@hookwire/stripe";

// Secrets come from the environment; the defaults only make the example run out of the box.
export const GITHUB_SECRET = process.env.GITHUB_WEBHOOK_SECRET ?? "example-github-secret";
export const STRIPE_SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? "whsec_example_stripe_secret";

/** The router, with handlers that print the typed events (`log` is replaceable for tests). */
export function createHooks(log: (line: string) => void = console.log) {
  const hooks = createWebhooks({
    receivers: { github: github({ secret: GITHUB_SECRET }), stripe: stripe({ secret: STRIPE_SECRET }) },
    onError: (error, { phase, receiver }) => log(`[webhooks] ${phase} ${receiver ?? "?"}: ${error.code}`),
  });
  hooks.on("github", "issues.opened", (event) => {
    log(`[github] issue #${event.payload.issue.number} opened: ${event.payload.issue.title}`);
  });
  hooks.on("github", "push", (event) => {
    log(`[github] push to ${event.payload.ref} (${event.payload.commits.length} commits)`);
  });
  hooks.on("stripe", "invoice.paid", (event) => {
    const invoice = event.payload.data.object;
    log(`[stripe] invoice ${invoice.id} paid: ${invoice.amount_paid} ${invoice.currency}`);
  });
  return hooks;
}
