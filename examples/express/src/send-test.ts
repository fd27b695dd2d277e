// Send a signed GitHub and a signed Stripe webhook to a running example:
//   pnpm send-test [base URL, default http://127.0.0.1:3000/webhooks]
import { githubTestRequest } from "@hookwire/github/testing";
import { stripeTestRequest } from "@hookwire/stripe/testing";

const base = process.argv[2] ?? "http://127.0.0.1:3000/webhooks";
const github = await githubTestRequest({
  secret: process.env.GITHUB_WEBHOOK_SECRET ?? "example-github-secret",
  event: "issues",
  payload: { action: "opened", issue: { number: 1, title: "Hello from send-test" } },
});
const stripe = await stripeTestRequest({
  secret: process.env.STRIPE_WEBHOOK_SECRET ?? "whsec_example_stripe_secret",
  event: "invoice.paid",
  payload: { data: { object: { id: "in_send_test", amount_paid: 4200, currency: "eur" } } },
});
for (const [name, request] of [
  ["github", github],
  ["stripe", stripe],
] as const) {
  const response = await fetch(`${base}/${name}`, {
    method: "POST",
    headers: request.headers,
    body: await request.arrayBuffer(),
  });
  console.log(`${name}: ${response.status} ${await response.text()}`);
}
