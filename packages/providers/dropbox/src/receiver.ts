import {
  assertMediaType,
  assertSecretOption,
  defineReceiver,
  parseJsonObject,
  type Receiver,
  resolveSecrets,
  type SecretInput,
  verifyHmac,
  WebhookError,
} from "@hookwire/core";
import type { DropboxEvents } from "./events.js";

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

/**
 * A receiver for Dropbox webhooks.
 *
 * Verifies `X-Dropbox-Signature` (hex HMAC-SHA256 of the raw body under the app secret) against
 * every configured secret; answers the `GET ?challenge=…` verification request by echoing the
 * challenge as `text/plain` with `X-Content-Type-Options: nosniff`. The type is `list_folder`
 * (body `list_folder.accounts`) or `delta` (older bodies with only `delta.users`).
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
  assertSecretOption(options?.secret, PACKAGE);
  return defineReceiver<DropboxEvents, "dropbox">({
    provider: "dropbox",
    packageName: PACKAGE,
    deadlineMs: 10_000,
    handshakeMethods: ["GET"],
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
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
    async verify(request) {
      const signature = request.headers.get("x-dropbox-signature");
      if (signature === null || signature.trim() === "") {
        throw new WebhookError(
          "SIGNATURE_MISSING",
          `[${PACKAGE}] The X-Dropbox-Signature header is missing.`,
        );
      }
      const secrets = await resolveSecrets(options.secret, request, PACKAGE);
      if ((await verifyHmac("SHA-256", secrets, request.body, signature, "hex")) < 0) {
        throw new WebhookError("SIGNATURE_INVALID", `[${PACKAGE}] The signature does not match the body.`);
      }
      assertMediaType(request, ["application/json"], PACKAGE);
      const payload = parseJsonObject(request.body, PACKAGE);
      const listFolder = payload.list_folder as { accounts?: unknown } | undefined;
      const delta = payload.delta as { users?: unknown } | undefined;
      const accounts = Array.isArray(listFolder?.accounts) ? (listFolder.accounts as string[]) : undefined;
      const users = Array.isArray(delta?.users) ? (delta.users as number[]) : undefined;
      if (!accounts && !users) {
        throw new WebhookError(
          "PAYLOAD_INVALID",
          `[${PACKAGE}] The body has neither list_folder.accounts nor delta.users.`,
        );
      }
      return {
        type: accounts ? "list_folder" : "delta",
        payload,
        meta: { accounts: accounts ?? [], users: users ?? [] },
      };
    },
  });
}
