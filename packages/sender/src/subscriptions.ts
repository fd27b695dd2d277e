import { WebhookError } from "@hookwire/core";
import { generateSecret } from "@hookwire/standard-webhooks";
import { invalid, notFound, PACKAGE, type SenderContext, validators } from "./context.js";
import { clampLimit, page } from "./deliveries.js";
import { newId } from "./ids.js";
import type { HookwireSender, Scope } from "./sender.js";
import type { StoredSubscription, SubscriptionPatch } from "./types.js";

/** `sender.subscriptions`: each change is one atomic store operation on the fields it names. */
export function subscriptionsResource(ctx: SenderContext): HookwireSender["subscriptions"] {
  const { store } = ctx;
  const v = validators(ctx);

  async function load(id: string, scope: Scope = {}): Promise<StoredSubscription> {
    await ctx.ready();
    const found = await store.getSubscription(id, scope.owner);
    if (!found) throw notFound("subscription", id);
    return found;
  }

  const resource: HookwireSender["subscriptions"] = {
    async create(input) {
      await ctx.ready();
      if (typeof input?.url !== "string") throw invalid("url is required.");
      v.validateUrl(input.url);
      const eventTypes = await v.validateFilters(input.eventTypes);
      const secret = input.secret ?? generateSecret(32);
      v.validateSecret(secret);
      const headers = v.validateHeaders(input.headers);
      const metadata = v.validateMetadata(input.metadata);
      const rateLimit = v.validateRateLimit(input.rateLimit);
      if (input.verify) {
        const echo = newId("echo");
        const url = new URL(input.url);
        url.searchParams.set("echo", echo);
        const answer = await ctx.http.get(url.toString(), { "user-agent": ctx.userAgent });
        if (
          answer.status === null ||
          answer.status < 200 ||
          answer.status > 299 ||
          !answer.body?.includes(echo)
        ) {
          throw invalid(
            `The endpoint did not echo the verification value (${answer.error ?? `HTTP ${answer.status}`}).`,
          );
        }
      }
      const at = ctx.now();
      const stored: StoredSubscription = {
        id: newId("sub"),
        owner: input.owner ?? "",
        url: input.url,
        eventTypes,
        secrets: [{ secret: ctx.seal(secret), expiresAt: null }],
        headers,
        metadata,
        description: input.description ?? "",
        status: "active",
        rateLimit,
        disabledReason: null,
        failingSince: null,
        createdAt: at,
        updatedAt: at,
      };
      await store.insertSubscription(stored);
      const created = ctx.toPublic(stored);
      ctx.emit("subscription.created", { subscription: ctx.withoutSecret(created) });
      return created;
    },
    async get(id, scope) {
      return ctx.toPublic(await load(id, scope));
    },
    async list(listOptions = {}) {
      await ctx.ready();
      const limit = clampLimit(listOptions.limit);
      const result = await page(
        store.listSubscriptions({
          ...(listOptions.owner === undefined ? {} : { owner: listOptions.owner }),
          ...(listOptions.cursor ? { after: listOptions.cursor } : {}),
          limit,
        }),
        limit,
      );
      return { items: result.items.map(ctx.toPublic), nextCursor: result.nextCursor };
    },
    async update(id, input, scope = {}) {
      await ctx.ready();
      const patch: SubscriptionPatch = {};
      if (input.url !== undefined) {
        v.validateUrl(input.url);
        patch.url = input.url;
      }
      if (input.eventTypes !== undefined) patch.eventTypes = await v.validateFilters(input.eventTypes);
      if (input.headers !== undefined) patch.headers = v.validateHeaders(input.headers);
      if (input.metadata !== undefined) patch.metadata = v.validateMetadata(input.metadata);
      if (input.description !== undefined) patch.description = String(input.description);
      if (input.rateLimit !== undefined) patch.rateLimit = v.validateRateLimit(input.rateLimit);
      if (input.status !== undefined) {
        if (!["active", "paused", "disabled"].includes(input.status))
          throw invalid("status is active, paused or disabled.");
        patch.status = input.status;
        patch.disabledReason = input.status === "disabled" ? "manual" : null;
      }
      const changed = await store.patchSubscription(id, patch, {
        at: ctx.now(),
        ...(scope.owner === undefined ? {} : { owner: scope.owner }),
      });
      if (!changed) throw notFound("subscription", id);
      const saved = ctx.toPublic(changed.subscription);
      ctx.emit("subscription.updated", { subscription: ctx.withoutSecret(saved) });
      if (patch.status === "disabled" && changed.previousStatus !== "disabled")
        ctx.emit("subscription.disabled", { subscription: ctx.withoutSecret(saved), reason: "manual" });
      return saved;
    },
    async delete(id, scope) {
      await ctx.ready();
      if (!(await store.deleteSubscription(id, scope?.owner))) throw notFound("subscription", id);
      ctx.emit("subscription.deleted", { id, owner: scope?.owner });
    },
    async pause(id, scope) {
      return resource.update(id, { status: "paused" }, scope);
    },
    async resume(id, scope) {
      return resource.update(id, { status: "active" }, scope);
    },
    async rotateSecret(id, rotateOptions = {}) {
      await ctx.ready();
      const secret = rotateOptions.secret ?? generateSecret(32);
      v.validateSecret(secret);
      const rotated = await store.rotateSecret(id, {
        secret: ctx.seal(secret),
        at: ctx.now(),
        graceMs: rotateOptions.graceMs ?? ctx.secretGraceMs,
        ...(rotateOptions.owner === undefined ? {} : { owner: rotateOptions.owner }),
      });
      if (!rotated) throw notFound("subscription", id);
      const saved = ctx.toPublic(rotated);
      ctx.emit("subscription.updated", { subscription: ctx.withoutSecret(saved) });
      return saved;
    },
  };
  return resource;
}

/** Re-encrypt every secret with the first key; a secret rotated meanwhile is read again, never overwritten. */
export async function reencryptSecrets(ctx: SenderContext): Promise<number> {
  const box = ctx.box;
  if (!box)
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] reencryptSecrets needs secretEncryptionKey.`,
    );
  await ctx.ready();
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const batch = await ctx.store.listSubscriptions({ limit: 250, ...(after ? { after } : {}) });
    for (let subscription of batch) {
      for (let tries = 0; subscription && tries < 5; tries++) {
        if (!subscription.secrets.some((s) => box.isStale(s.secret))) break;
        const next = subscription.secrets.map((s) => ({ ...s, secret: box.encrypt(box.decrypt(s.secret)) }));
        if (await ctx.store.replaceSecrets(subscription.id, subscription.secrets, next)) {
          count++;
          break;
        }
        const fresh = await ctx.store.getSubscription(subscription.id);
        if (!fresh) break;
        subscription = fresh;
      }
    }
    if (batch.length < 250) break;
    after = batch[batch.length - 1]!.id;
  }
  return count;
}
