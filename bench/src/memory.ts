import { createWebhooks, type WebhookRequest } from "@hookwire/core";
import { github } from "@hookwire/github";
import { githubSignature } from "@hookwire/github/testing";

const MiB = 1024 * 1024;

function snapshot(): { heap: number; rss: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}

/** Heap and RSS after each round of received webhooks; the rounds must not grow. */
export async function receivingMemory(total = 100_000, rounds = 4, idempotency = false): Promise<string[]> {
  const secret = "memory-secret";
  const label = idempotency ? "received (idempotency on)" : "received";
  const hooks = createWebhooks({ receivers: { github: github({ secret }) }, idempotency });
  let handled = 0;
  hooks.on("github", "issues.opened", () => {
    handled++;
  });
  const rows: string[] = [];
  const perRound = total / rounds;
  const start = snapshot();
  rows.push(`| ${label}, start | 0 | ${(start.heap / MiB).toFixed(1)} | ${(start.rss / MiB).toFixed(1)} |`);
  for (let r = 1; r <= rounds; r++) {
    for (let i = 0; i < perRound; i++) {
      const body = `{"action":"opened","issue":{"number":${handled}},"pad":"${"x".repeat(900)}"}`;
      const request: WebhookRequest = {
        method: "POST",
        url: "http://127.0.0.1/webhooks/github",
        headers: new Headers({
          "content-type": "application/json",
          "x-github-event": "issues",
          "x-github-delivery": `d-${r}-${i}`,
          "x-hub-signature-256": await githubSignature(body, secret),
        }),
        body: new TextEncoder().encode(body),
      };
      const response = await hooks.handle(request);
      if (response.status !== 200) throw new Error(`status ${response.status}`);
    }
    const s = snapshot();
    rows.push(
      `| ${label}, after round ${r} | ${handled} | ${(s.heap / MiB).toFixed(1)} | ${(s.rss / MiB).toFixed(1)} |`,
    );
  }
  return rows;
}

/** Run the memory benchmark and return its Markdown section. */
export async function memorySection(): Promise<string> {
  if (!(globalThis as { gc?: () => void }).gc) throw new Error("run with --expose-gc (pnpm bench does)");
  const rows = [...(await receivingMemory()), ...(await receivingMemory(100_000, 4, true))];
  const delivery = await import("./send.js")
    .then((m) => m.deliveryMemory?.())
    .catch((error: unknown) => {
      return [`| deliveries | — | not measured: ${(error as Error).message} | |`];
    });
  return [
    "## 4. Memory",
    "",
    "Heap after a forced GC and RSS, after each round. 100,000 signed GitHub webhooks go through",
    "`hooks.handle()`, once without and once with the in-memory idempotency store (which keeps every id",
    "for its TTL, bounded at 100,000 ids by default, so it is expected to grow up to that bound); 100,000 deliveries go through",
    "the sender on SQLite to a local receiver.",
    "",
    "| after | count | heap MiB | RSS MiB |",
    "| --- | ---: | ---: | ---: |",
    ...rows,
    ...(delivery ?? []),
    "",
  ].join("\n");
}
