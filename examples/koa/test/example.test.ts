import type { AddressInfo } from "node:net";
import { githubTestRequest } from "@hookwire/github/testing";
import { stripeTestRequest } from "@hookwire/stripe/testing";
import { expect, it } from "vitest";
import { start } from "../src/app.js";
import { GITHUB_SECRET, STRIPE_SECRET } from "../src/webhooks.js";

it("receives signed GitHub and Stripe webhooks and prints the typed events", async () => {
  const lines: string[] = [];
  const server = await start(0, (line) => lines.push(line));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  try {
    const gh = await githubTestRequest({
      secret: GITHUB_SECRET,
      event: "issues",
      payload: { action: "opened", issue: { number: 5, title: "Hi" } },
    });
    const st = await stripeTestRequest({
      secret: STRIPE_SECRET,
      event: "invoice.paid",
      payload: { data: { object: { id: "in_1", amount_paid: 100, currency: "usd" } } },
    });
    expect(
      (await fetch(`${base}/github`, { method: "POST", headers: gh.headers, body: await gh.arrayBuffer() }))
        .status,
    ).toBe(200);
    expect(
      (await fetch(`${base}/stripe`, { method: "POST", headers: st.headers, body: await st.arrayBuffer() }))
        .status,
    ).toBe(200);
    const bad = await fetch(`${base}/github`, { method: "POST", headers: gh.headers, body: "{}" });
    expect(bad.status).toBe(401);
    expect(lines).toContain("[github] issue #5 opened: Hi");
    expect(lines).toContain("[stripe] invoice in_1 paid: 100 usd");
  } finally {
    server.close();
  }
});
