import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { type Receiver, verifyNow, type WebhookRequest } from "@hookwire/core";
import { nodeHeaders } from "@hookwire/core/node";
import { github } from "@hookwire/github";
import { githubSignature } from "@hookwire/github/testing";
import { signStandardWebhook, standardWebhooks } from "@hookwire/standard-webhooks";
import { stripe } from "@hookwire/stripe";
import { stripeSignature } from "@hookwire/stripe/testing";
import { verify as octokitVerify } from "@octokit/webhooks-methods";
import { Webhook as StandardWebhook } from "standardwebhooks";
import Stripe from "stripe";
// @hookwire/slack is not a dependency of the bench package: read from its source, like the others.
import { slack } from "../../packages/providers/slack/src/index.js";
import { slackSignature } from "../../packages/providers/slack/src/testing.js";
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

/**
 * The request as the Node path gives it to a receiver: Node's own header object behind
 * `nodeHeaders` (what `@hookwire/core/node` and every Node adapter pass), the body as bytes.
 */
function req(body: string, headers: Record<string, string>): WebhookRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method: "POST",
    url: "https://bench.test/webhooks/x",
    headers: nodeHeaders({ headers: lower } as unknown as IncomingMessage),
    body: Buffer.from(body),
  };
}

/** The same request with Web `Headers` (the fetch path: edge runtimes, `hooks.handle(Request)`). */
function webReq(request: WebhookRequest): WebhookRequest {
  return { ...request, headers: new Headers([...request.headers]) };
}

/**
 * Ours as the router runs it: `verifyNow`, the event itself when nothing needs waiting for (a static
 * secret on Node), else a promise the harness awaits.
 */
function ours(receiver: Receiver<any, string>, request: WebhookRequest): unknown {
  return verifyNow(receiver, request);
}

/**
 * Ours through `receiver.verify()`, which always answers with a promise (the harness awaits it; no
 * async wrapper around it: an async function returning a promise adds microtask steps of its own).
 */
function oursAsync(receiver: Receiver<any, string>, request: WebhookRequest): Promise<unknown> {
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
  const limits = (key: string | Buffer, data: string, expected: Buffer): Case[] => [
    {
      name: "node:crypto HMAC-SHA256 + timingSafeEqual + JSON.parse (the limit)",
      kind: "limit",
      run: () => {
        if (!timingSafeEqual(createHmac("sha256", key).update(data).digest(), expected))
          throw new Error("limit failed");
        JSON.parse(body);
      },
    },
    {
      name: "node:crypto HMAC-SHA256 + timingSafeEqual (no parse)",
      kind: "limit",
      run: () => {
        if (!timingSafeEqual(createHmac("sha256", key).update(data).digest(), expected))
          throw new Error("limit failed");
      },
    },
  ];
  const limit = (key: string, data: string, expectedHex: string): Case[] =>
    limits(key, data, Buffer.from(expectedHex, "hex"));
  const webRow = (name: string, receiver: Receiver<any, string>, request: WebhookRequest): Case => {
    const web = webReq(request);
    return { name: `${name}, Web Headers (fetch path)`, kind: "ours", run: () => ours(receiver, web) };
  };
  const promiseRow = (name: string, receiver: Receiver<any, string>, request: WebhookRequest): Case => ({
    name: `${name}, through verify() (a promise)`,
    kind: "ours",
    run: () => oursAsync(receiver, request),
  });

  const SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  const slSig = await slackSignature(body, timestamp, SLACK_SECRET);
  const sl = slack({ secret: SLACK_SECRET });
  const slReq = req(body, {
    "content-type": "application/json",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": slSig,
  });

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
      { name: "@hookwire/github verifyNow (+ JSON parse)", kind: "ours", run: () => ours(gh, ghReq) },
      {
        name: "@octokit/webhooks-methods verify + JSON.parse",
        kind: "peer",
        run: async () => {
          if (!(await octokitVerify(SECRET, body, ghSig))) throw new Error("octokit failed");
          JSON.parse(body);
        },
      },
      webRow("@hookwire/github verify", gh, ghReq),
      promiseRow("@hookwire/github verify", gh, ghReq),
      ...limit(SECRET, body, ghSig.slice(7)),
    ],
    Stripe: [
      { name: "@hookwire/stripe verifyNow (+ JSON parse)", kind: "ours", run: () => ours(st, stReq) },
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
      webRow("@hookwire/stripe verify", st, stReq),
      promiseRow("@hookwire/stripe verify", st, stReq),
      ...limit(STRIPE_SECRET, `${timestamp}.${body}`, stripeV1),
    ],
    "Standard Webhooks": [
      {
        name: "@hookwire/standard-webhooks verifyNow (+ JSON parse)",
        kind: "ours",
        run: () => ours(sw, swReq),
      },
      { name: "standardwebhooks Webhook#verify", kind: "peer", run: () => swPeer.verify(body, swHeaders) },
      webRow("@hookwire/standard-webhooks verify", sw, swReq),
      promiseRow("@hookwire/standard-webhooks verify", sw, swReq),
      ...limits(swKey, `msg_1.${timestamp}.${body}`, Buffer.from(swV1, "base64")),
    ],
    Slack: [
      { name: "@hookwire/slack verifyNow (+ JSON parse)", kind: "ours", run: () => ours(sl, slReq) },
      webRow("@hookwire/slack verify", sl, slReq),
      promiseRow("@hookwire/slack verify", sl, slReq),
      ...limit(SLACK_SECRET, `v0:${timestamp}:${body}`, slSig.slice(3)),
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
    "the limit rows compute the HMAC and compare, with and without `JSON.parse`). Operations per second of",
    "the benchmark process's own CPU time (so that other load on a shared machine does not count), median",
    "of interleaved rounds; ratio = ours ÷ that row (above 1: we are faster). Ours is measured as the router",
    "and the Node path call it: `verifyNow(receiver, request)` (the event itself, no promise, when the secret is",
    "static on Node) with the headers behind `nodeHeaders` (Node's own header object); again with Web `Headers`",
    "(the fetch path: edge runtimes, `hooks.handle(Request)`), and through `receiver.verify()`, which always",
    "answers with a promise. Measured before/after comparisons are kept in",
    "[benchmarks-before-after.md](./benchmarks-before-after.md) (this file is regenerated).",
    "",
  );
  for (const size of [1024, 100 * 1024]) {
    const groups = await verificationCases(size);
    for (const [provider, cases] of Object.entries(groups)) {
      const results: Measured[] = await measure(cases, {
        rounds: options.rounds ?? Number(process.env.HOOKWIRE_BENCH_ROUNDS ?? 9),
        roundMs: options.roundMs ?? 250,
        clock: "cpu",
      });
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
