import {
  assertMediaType,
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { DropboxEvents } from "./events.js";
import { dropboxScheme } from "./scheme.js";

const PACKAGE = "@hookwire/dropbox";

/** Options of {@link dropbox}. */
export interface DropboxOptions {
  /** The app secret (App Console → Settings); a list accepts any of them; a function looks it up per request. */
  secret: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Dropbox receiver type. */
export type DropboxReceiver = Receiver<DropboxEvents, "dropbox">;

/** `{ "dbtid:…": ["dbmid:…", …] }` when `value` has that shape, else `undefined`. */
function teamsOf(value: unknown): Record<string, string[]> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (
    !entries.every(([, members]) => Array.isArray(members) && members.every((m) => typeof m === "string"))
  ) {
    return undefined;
  }
  return value as Record<string, string[]>;
}

/**
 * A receiver for Dropbox webhooks.
 *
 * Verifies `X-Dropbox-Signature` (hex HMAC-SHA256 of the raw body under the app secret) against
 * every configured secret; answers the `GET ?challenge=…` verification request by echoing the
 * challenge as `text/plain` with `X-Content-Type-Options: nosniff`. The type is `list_folder`
 * (body `list_folder.accounts`), `delta` (older bodies with only `delta.users`), and for team-linked
 * apps `team.list_folder` (`list_folder.teams`: team id → member ids) or `team.delta`. Another
 * authentic body is an unknown event named by its first field (never refused).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { dropbox } from "@hookwire/dropbox";
 *
 * const hooks = createWebhooks({ receivers: { dropbox: dropbox({ secret: process.env.DROPBOX_APP_SECRET! }) } });
 * hooks.on("dropbox", "list_folder", async (event) => {
 *   for (const account of event.payload.list_folder.accounts) await queueSync(account);
 * });
 * ```
 */
export function dropbox(options: DropboxOptions): DropboxReceiver {
  return defineSignedReceiver<DropboxEvents, "dropbox">({
    provider: "dropbox",
    packageName: PACKAGE,
    deadlineMs: 10_000,
    handshakeMethods: ["GET"],
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options?.secret,
    scheme: dropboxScheme,
    parse,
    handshake(request) {
      if (request.method !== "GET") return undefined;
      let challenge: string | null = null;
      try {
        challenge = new URL(request.url).searchParams.get("challenge");
      } catch {
        challenge = null;
      }
      if (!challenge) {
        throw new WebhookError(
          "HANDSHAKE_FAILED",
          `[${PACKAGE}] A GET request must carry the ?challenge= parameter Dropbox sends.`,
        );
      }
      return new Response(challenge, {
        status: 200,
        headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" },
      });
    },
  });
}

/** After the signature check: the notification's kind and the accounts, users and teams it names. */
function parse(request: WebhookRequest): VerifiedParts {
  assertMediaType(request, ["application/json"], PACKAGE);
  const payload = parseJsonObject(request.body, PACKAGE);
  const listFolder = payload.list_folder as { accounts?: unknown; teams?: unknown } | undefined;
  const delta = payload.delta as { users?: unknown; teams?: unknown } | undefined;
  const accounts = Array.isArray(listFolder?.accounts) ? (listFolder.accounts as string[]) : undefined;
  const users = Array.isArray(delta?.users) ? (delta.users as number[]) : undefined;
  const teams = teamsOf(listFolder?.teams) ?? teamsOf(delta?.teams);
  let type: string;
  if (accounts) type = "list_folder";
  else if (teamsOf(listFolder?.teams)) type = "team.list_folder";
  else if (users) type = "delta";
  else if (teamsOf(delta?.teams)) type = "team.delta";
  else {
    // An authentic notification of a shape Hookwire does not know yet (team-linked apps get
    // others, e.g. membership changes): an unknown event named by its first field, never a 400.
    const first = Object.keys(payload)[0];
    if (first === undefined) {
      throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The notification body is an empty object.`);
    }
    type = first;
  }
  return {
    type,
    payload,
    meta: {
      accounts: accounts ?? [],
      users: users ?? [],
      teams: teams ?? {},
      members: teams ? [...new Set(Object.values(teams).flat())] : [],
    },
  };
}
