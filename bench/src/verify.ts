import { createHmac, timingSafeEqual } from "node:crypto";
import type { Receiver, WebhookRequest } from "@hookwire/core";
import { github, githubSignature } from "@hookwire/github";
import { signStandardWebhook, standardWebhooks } from "@hookwire/standard-webhooks";
import { stripe, stripeSignature } from "@hookwire/stripe";
import { verify as octokitVerify } from "@octokit/webhooks-methods";
import { Webhook as StandardWebhook } from "standardwebhooks";
import Stripe from "stripe";
import { type Case, fmt, type Measured, measure } from "./measure.js";

const SECRET = "It's a Secret to Everybody";
const SW_SECRET = `whsec_${Buffer.from("0123456789abcdef0123456789abcdef").toString("base64")}`;
const STRIPE_SECRET = "whsec_test_secret_for_benchmarks";

function payload(size: number): string {
  const base = {
    id: "evt_1",
    type: "invoice.paid",
    action: "opened",
    data: { object: { id: "in_1" } },
    pad: "",
  };
  const overhead = JSON.stringify(base).length;
  return JSON.stringify({ ...base, pad: "x".repeat(Math.max(0, size - overhead)) });
}

function req(body: string, headers: Record<string, string>): WebhookRequest {
  return {
    method: "POST",
    url: "https://bench.test/webhooks/x",
    headers: new Headers(headers),
    body: Buffer.from(body),
  };
}

async function ours(receiver: Receiver<any, string>, request: WebhookRequest): Promise<unknown> {
  return receiver.verify(request);
}

/** Cases for one body size, each checked once to really verify before it is measured. */
export async function verificationCases(size: number): Promise<Record<string, Case[]>> {
  const body = payload(size);
  const bytes = Buffer.from(body);
  const timestamp = Math.floor(Date.now() / 1000);

  const ghSig = await githubSignature(body, SECRET);
  const gh = github({ secret: SECRET });
  const ghReq = req(body, {
    "content-type": "application/json",
    "x-github-event": "issues",
    "x-hub-signature-256": ghSig,
  });
  const limit = (key: string, data: string, expectedHex: string): Case => {
    const expected = Buffer.from(expectedHex, "hex");
    return {
      name: "node:crypto HMAC-SHA256 + timingSafeEqual (the limit)",
      kind: "limit",
      run: () => {
        if (!timingSafeEqual(createHmac("sha256", key).update(data).digest(), expected))
          throw new Error("limit failed");
      },
    };
  };

  const stSig = await stripeSignature({ payload: body, secret: STRIPE_SECRET, timestamp });
  const st = stripe({ secret: STRIPE_SECRET });
  const stReq = req(body, { "content-type": "application/json", "stripe-signature": stSig });
  const stripeClient = new Stripe("sk_test_bench");
  const stripeV1 = /v1=([0-9a-f]+)/.exec(stSig)![1]!;

  const swHeader = await signStandardWebhook({ id: "msg_1", timestamp, body, secrets: [SW_SECRET] });
  const sw = standardWebhooks({ secret: SW_SECRET });
  const swHeaders = {
    "webhook-id": "msg_1",
    "webhook-timestamp": String(timestamp),
    "webhook-signature": swHeader,
  };
  const swReq = req(body, { "content-type": "application/json", ...swHeaders });
  const swPeer = new StandardWebhook(SW_SECRET);
  const swKey = Buffer.from(SW_SECRET.slice(6), "base64");
  const swV1 = swHeader.split(" ")[0]!.slice(3);

  const cases: Record<string, Case[]> = {
    GitHub: [
      { name: "@hookwire/github verify (+ JSON parse)", kind: "ours", run: () => ours(gh, ghReq) },
      {
        name: "@octokit/webhooks-methods verify + JSON.parse",
        kind: "peer",
        run: async () => {
          if (!(await octokitVerify(SECRET, body, ghSig))) throw new Error("octokit failed");
          JSON.parse(body);
        },
      },
      limit(SECRET, body, ghSig.slice(7)),
    ],
    Stripe: [
      { name: "@hookwire/stripe verify (+ JSON parse)", kind: "ours", run: () => ours(st, stReq) },
      {
        name: "stripe webhooks.constructEvent",
        kind: "peer",
        run: () => stripeClient.webhooks.constructEvent(bytes, stSig, STRIPE_SECRET),
      },
      {
        name: "stripe webhooks.constructEventAsync",
        kind: "peer",
        run: () => stripeClient.webhooks.constructEventAsync(bytes, stSig, STRIPE_SECRET),
      },
      limit(STRIPE_SECRET, `${timestamp}.${body}`, stripeV1),
    ],
    "Standard Webhooks": [
      { name: "@hookwire/standard-webhooks verify (+ JSON parse)", kind: "ours", run: () => ours(sw, swReq) },
      { name: "standardwebhooks Webhook#verify", kind: "peer", run: () => swPeer.verify(body, swHeaders) },
      {
        name: "node:crypto HMAC-SHA256 + timingSafeEqual (the limit)",
        kind: "limit",
        run: () => {
          const mac = createHmac("sha256", swKey).update(`msg_1.${timestamp}.${body}`).digest();
          if (!timingSafeEqual(mac, Buffer.from(swV1, "base64"))) throw new Error("limit failed");
        },
      },
    ],
  };
  for (const list of Object.values(cases)) for (const c of list) await c.run();
  return cases;
}

/** Run the verification benchmark and return its Markdown section. */
export async function verificationSection(
  options: { rounds?: number; roundMs?: number } = {},
): Promise<string> {
  const lines: string[] = ["## 1. Verification", ""];
  lines.push(
    "Each row verifies a valid signature over the same body (and parses the JSON, as a handler needs it;",
    "the limit row only computes the HMAC and compares). Operations per second, median of the rounds;",
    "ratio = ours ÷ that row (above 1: we are faster).",
    "",
  );
  for (const size of [1024, 100 * 1024]) {
    const groups = await verificationCases(size);
    for (const [provider, cases] of Object.entries(groups)) {
      const results: Measured[] = await measure(cases, options);
      const ours = results.find((r) => r.kind === "ours")!;
      lines.push(
        `### ${provider}, ${size / 1024} KiB body`,
        "",
        "| implementation | ops/s | ours ÷ this |",
        "| --- | ---: | ---: |",
      );
      for (const r of results) {
        lines.push(
          `| ${r.name} | ${fmt(r.opsPerSecond)} | ${(ours.opsPerSecond / r.opsPerSecond).toFixed(2)} |`,
        );
      }
      lines.push("");
    }
  }
  return lines.join("\n");
}
