import {
  assertMediaType,
  assertSecretOption,
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  resolveSecrets,
  type SecretInput,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { PusherEvents } from "./events.js";
import { pusherScheme } from "./scheme.js";

const PACKAGE = "@hookwire/pusher";

/** One Pusher app's credentials (App Keys in the dashboard). */
export interface PusherApp {
  /** The app key, sent by Pusher in `X-Pusher-Key`. */
  key: string;
  /** The app secret; a list accepts any of them (rotation). */
  secret: string | readonly string[];
}

/** Options of {@link pusher}. */
export interface PusherOptions {
  /** The apps whose webhooks this receiver accepts: `X-Pusher-Key` selects the secret(s). */
  apps?: readonly PusherApp[];
  /**
   * Secret(s) tried for a key not listed in `apps` (or when `apps` is not given): a string, a list,
   * or a function of the request (e.g. look the secret up by `X-Pusher-Key`).
   */
  secret?: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Pusher receiver type. */
export type PusherReceiver = Receiver<PusherEvents, "pusher">;

/**
 * A receiver for Pusher Channels webhooks.
 *
 * `X-Pusher-Key` selects the app; `X-Pusher-Signature` must be the hex HMAC-SHA256 of the raw body
 * under that app's secret. One webhook carries a batch of events: the type is their common `name`
 * (`channel_occupied`, `member_added`…) or `batch` when they differ; `time_ms` and the distinct
 * names are on `event.meta`.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { pusher } from "@hookwire/pusher";
 *
 * const hooks = createWebhooks({
 *   receivers: { pusher: pusher({ apps: [{ key: process.env.PUSHER_KEY!, secret: process.env.PUSHER_SECRET! }] }) },
 * });
 * hooks.on("pusher", "member_added", (event) => {
 *   for (const e of event.payload.events) console.log(e.user_id, "joined", e.channel);
 * });
 * ```
 */
export function pusher(options: PusherOptions): PusherReceiver {
  const apps = new Map<string, string[]>();
  for (const app of options?.apps ?? []) {
    const secrets = typeof app?.secret === "string" ? [app.secret] : [...(app?.secret ?? [])];
    if (typeof app?.key !== "string" || app.key === "" || secrets.length === 0 || secrets.some((s) => !s)) {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `[${PACKAGE}] Every entry of apps needs a non-empty key and secret. Copy both from the Pusher dashboard → App Keys.`,
      );
    }
    apps.set(app.key, [...(apps.get(app.key) ?? []), ...secrets]);
  }
  if (options?.secret !== undefined) assertSecretOption(options.secret, PACKAGE);
  if (apps.size === 0 && options?.secret === undefined) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] No app is configured. Pass { apps: [{ key: process.env.PUSHER_KEY, secret: process.env.PUSHER_SECRET }] }.`,
    );
  }
  /** The `secret` option's secrets; a function that finds none for this key means "unknown key". */
  async function fallbackSecrets(request: WebhookRequest): Promise<string[] | undefined> {
    const input = options.secret;
    if (input === undefined) return undefined;
    if (typeof input === "function") {
      const found = await input(request);
      const list = (typeof found === "string" ? [found] : (found ?? [])).filter((s) => s.length > 0);
      return list.length === 0 ? undefined : list;
    }
    return resolveSecrets(input, request, PACKAGE);
  }

  /** The secrets of the app `X-Pusher-Key` names; an unknown key is not authentic. */
  function secretsOf(request: WebhookRequest): string[] | Promise<string[]> {
    const key = keyOf(request);
    const known = apps.get(key);
    if (known !== undefined) return known;
    return fallbackSecrets(request).then((found) => {
      if (found === undefined) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${PACKAGE}] The X-Pusher-Key "${key}" is not one of the configured apps.`,
        );
      }
      return found;
    });
  }

  return defineSignedReceiver<PusherEvents, "pusher">({
    provider: "pusher",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: secretsOf,
    scheme: pusherScheme,
    precheck: keyOf,
    parse,
  });
}

/** The trimmed `X-Pusher-Key`; a missing or blank one is refused before any secret is looked up. */
function keyOf(request: WebhookRequest): string {
  const key = request.headers.get("x-pusher-key");
  if (key === null || key.trim() === "") {
    throw new WebhookError("SIGNATURE_MISSING", `[${PACKAGE}] The X-Pusher-Key header is missing.`);
  }
  return key.trim();
}

/** After the signature check: the batch's common name (or `batch`), the key, the names and the time. */
function parse(request: WebhookRequest): VerifiedParts {
  assertMediaType(request, ["application/json"], PACKAGE);
  const payload = parseJsonObject(request.body, PACKAGE);
  const events = payload.events;
  if (!Array.isArray(events)) {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no events list.`);
  }
  const names: string[] = [];
  for (const item of events) {
    const name = (item as { name?: unknown } | null)?.name;
    if (typeof name !== "string" || name === "") {
      throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] An event in the body has no name.`);
    }
    if (!names.includes(name)) names.push(name);
  }
  return {
    type: names.length === 1 ? names[0]! : "batch",
    payload,
    meta: {
      key: keyOf(request),
      names,
      timeMs: typeof payload.time_ms === "number" ? payload.time_ms : undefined,
    },
  };
}
