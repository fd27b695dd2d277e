import { msSignatureScheme } from "@hookwire/custom";
import { standardWebhooksScheme } from "@hookwire/standard-webhooks";
import type { SenderContext } from "./context.js";
import type { AttemptResult } from "./deliver.js";
import { newId } from "./ids.js";
import { nextAttemptAt, parseRetryAfter } from "./retry.js";
import type {
  Attempt,
  Completion,
  Delivery,
  DeliveryStatus,
  LeasedDelivery,
  StoredSubscription,
  SubscriptionSecret,
} from "./types.js";

interface CachedKeys {
  /** The stored secrets (ciphertexts when encrypted at rest) these keys were made from. */
  source: string;
  keys: Array<{ secret: string; expiresAt: number | null }>;
}

const MAX_CACHED = 10_000;

/**
 * Signing secrets per subscription, decrypted once: a delivery signs with the cached secrets unless the
 * subscription's stored secrets changed (a rotation) since. The schemes keep each secret's decoded HMAC
 * key, so nothing is decrypted or decoded per delivery.
 */
export function signingKeys(ctx: SenderContext) {
  const cache = new Map<string, CachedKeys>();
  const sourceOf = (secrets: readonly SubscriptionSecret[]) =>
    secrets.map((s) => `${s.secret}\u0000${s.expiresAt}`).join("\u0001");
  return (subscription: StoredSubscription, at: number) => {
    const source = sourceOf(subscription.secrets);
    let entry = cache.get(subscription.id);
    if (entry?.source !== source) {
      if (cache.size >= MAX_CACHED) cache.clear();
      entry = {
        source,
        keys: subscription.secrets.map((s) => ({ secret: ctx.open(s.secret), expiresAt: s.expiresAt })),
      };
      cache.set(subscription.id, entry);
    }
    return entry.keys.filter((k) => k.expiresAt === null || k.expiresAt > at);
  };
}

/** Outcomes that make a group commit worth starting at once (fewer wait for the window or for the writer). */
const GROUP = 16;
/** How long an outcome waits for others to join its group commit, at most (leases last far longer). */
const GROUP_WINDOW_MS = 20;

/**
 * Group commit: outcomes are recorded by one `completeMany` call, one transaction. A group is written
 * as soon as it holds {@link GROUP} outcomes, when no attempt is under way that could join it, or
 * {@link GROUP_WINDOW_MS} after its first outcome, whichever comes first; while a write is under way,
 * the next group gathers. Where endpoints answer slowly (as real ones do), outcomes arrive a few at a
 * time: waiting a little for the next ones takes one round trip (and one commit) for many instead of
 * for each. An outcome that waits is still leased, so a crash in the window only sends it again.
 */
export function recorder(ctx: SenderContext, idle: () => boolean = () => true) {
  let queue: Array<{ item: Completion; resolve: (ok: boolean) => void; reject: (error: unknown) => void }> =
    [];
  let writing = false;
  let soon = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  async function flush(): Promise<void> {
    soon = false;
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (writing) return;
    writing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const results = await ctx.store.completeMany(batch.map((b) => b.item));
        for (const [i, b] of batch.entries()) b.resolve(results[i] ?? false);
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    writing = false;
  }
  return {
    record(item: Completion): Promise<boolean> {
      return new Promise((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (writing) return; // the writer takes this group when its write ends
        if (queue.length >= GROUP || idle()) {
          if (!soon) {
            soon = true;
            setImmediate(() => void flush());
          }
        } else timer ??= setTimeout(() => void flush(), GROUP_WINDOW_MS);
      });
    },
    /** An attempt finished without an outcome to record: a gathering group may have nothing more to wait for. */
    check(): void {
      if (queue.length > 0 && !writing && !soon && idle()) {
        soon = true;
        setImmediate(() => void flush());
      }
    },
  };
}

/** One attempt of a leased delivery: sign, POST, record (batched), then the subscription's health. */
export function attempter(ctx: SenderContext) {
  const keysFor = signingKeys(ctx);
  /** Attempts sent or being sent whose outcome is not queued for recording yet. */
  let underway = 0;
  const recording = recorder(ctx, () => underway === 0);
  const record = recording.record;
  const { options, store } = ctx;

  async function headersFor(
    leased: LeasedDelivery,
    subscription: StoredSubscription,
    at: number,
  ): Promise<Record<string, string>> {
    const { event } = leased;
    const keys = keysFor(subscription, at);
    const timestamp = Math.floor(at / 1000);
    const headers: Record<string, string> = {
      ...subscription.headers,
      "content-type": "application/json",
      "user-agent": ctx.userAgent,
      "webhook-id": event.id,
      "webhook-timestamp": String(timestamp),
    };
    // The receivers' own schemes sign: the sender and @hookwire/standard-webhooks / @hookwire/custom
    // cannot drift apart.
    const body = Buffer.from(event.payload);
    if (options.signatureFormat === "ms-signature") {
      const signed = await msSignatureScheme.sign({ body, secret: keys[0]!.secret });
      headers["ms-signature"] = signed.headers["ms-signature"]!;
    } else {
      const secrets = keys.map((k) => k.secret);
      const signed = await standardWebhooksScheme.sign({ body, secret: secrets, id: event.id, timestamp });
      headers["webhook-signature"] = signed.headers["webhook-signature"]!;
    }
    return headers;
  }

  /** Settle a delivery the sender will not send: its subscription was deleted or disabled. */
  async function settle(leased: LeasedDelivery, error: string): Promise<false> {
    await record({ leased, status: "failed", nextAttemptAt: null, error });
    return false;
  }

  async function health(
    subscription: StoredSubscription,
    result: AttemptResult,
    startedAt: number,
    finishedAt: number,
  ): Promise<void> {
    const ok = result.status !== null && result.status >= 200 && result.status <= 299;
    // A success on a subscription that was healthy when leased needs no store round trip (the hot path).
    if (ok) {
      if (subscription.failingSince !== null) await store.clearFailing(subscription.id);
      return;
    }
    let reason: "gone" | "failing" | undefined;
    if (result.status === 410) reason = "gone";
    else {
      const run = await store.markFailing(subscription.id, startedAt);
      if (run && run.status !== "disabled" && finishedAt - run.failingSince >= ctx.disableAfterMs)
        reason = "failing";
    }
    if (!reason) return;
    const disabled = await store.disableSubscription(subscription.id, reason, { at: finishedAt });
    if (disabled) ctx.emit("subscription.disabled", { subscription: ctx.withoutSecret(disabled), reason });
  }

  /**
   * Returns whether a request was sent (false when the delivery was settled without one). `sent` is
   * called as soon as the response (or the failure) is in, before the outcome is recorded: the worker
   * gives the slot to the next delivery while this one's outcome waits for its group commit.
   */
  return async function attempt(leased: LeasedDelivery, sent?: () => void): Promise<boolean> {
    const subscription = leased.subscription;
    // policy for what the store hands over but must not be sent: deleted or disabled subscriptions
    if (!subscription || subscription.status === "disabled") {
      sent?.();
      return settle(leased, subscription ? "subscription disabled" : "subscription deleted");
    }
    underway++;
    let queued = false;
    const enqueue = (item: Completion) => {
      queued = true;
      underway--;
      return record(item);
    };
    try {
      return await send(leased, subscription, enqueue, sent);
    } finally {
      if (!queued) {
        underway--;
        recording.check();
      }
    }
  };

  async function send(
    leased: LeasedDelivery,
    subscription: StoredSubscription,
    enqueue: (item: Completion) => Promise<boolean>,
    sent?: () => void,
  ): Promise<boolean> {
    const startedAt = ctx.now();
    const number = leased.delivery.attempts + 1;
    let result: AttemptResult;
    let requestHeaders: Record<string, string> | null = null;
    try {
      requestHeaders = await headersFor(leased, subscription, startedAt);
      result = await ctx.http.post(subscription.url, requestHeaders, leased.event.payload);
    } catch (error) {
      result = {
        status: null,
        body: null,
        durationMs: ctx.now() - startedAt,
        error: (error as Error).message,
        retryAfter: null,
      };
    }
    sent?.();
    const ok = result.status !== null && result.status >= 200 && result.status <= 299;
    const record_: Attempt = {
      id: newId("att"),
      deliveryId: leased.delivery.id,
      attempt: number,
      startedAt,
      durationMs: result.durationMs,
      status: result.status,
      requestHeaders,
      responseBody: result.body,
      error: result.error ?? (result.status !== null && !ok ? `HTTP ${result.status}` : null),
    };
    const gone = result.status === 410;
    const finishedAt = ctx.now();
    const next =
      ok || gone
        ? null
        : nextAttemptAt(number, finishedAt, {
            schedule: ctx.schedule,
            jitter: options.retryJitter ?? 0.2,
            retryAfterMs: parseRetryAfter(result.retryAfter, finishedAt),
            maxRetryAfterMs: options.maxRetryAfterMs ?? 3600_000,
          });
    const status: DeliveryStatus = ok ? "delivered" : next === null ? "failed" : "pending";
    const recorded = await enqueue({
      leased,
      attempt: record_,
      status,
      nextAttemptAt: next,
      error: record_.error,
    });
    if (!recorded) return true; // the lease was lost: another worker owns this delivery now
    const delivery: Delivery = {
      ...leased.delivery,
      attempts: number,
      status,
      nextAttemptAt: next,
      lastError: record_.error,
      lastStatus: result.status,
      updatedAt: finishedAt,
    };
    if (ok) ctx.emit("delivery.succeeded", { delivery, attempt: record_ });
    else if (status === "failed") ctx.emit("delivery.failed", { delivery, attempt: record_ });
    else ctx.emit("delivery.attempt_failed", { delivery, attempt: record_, nextAttemptAt: next! });
    await health(subscription, result, startedAt, finishedAt);
    return true;
  }
}
