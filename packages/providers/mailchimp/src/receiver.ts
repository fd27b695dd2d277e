import {
  defineSharedSecretReceiver,
  formToNested,
  parseForm,
  type Receiver,
  type SharedSecretOptions,
  WebhookError,
} from "@hookwire/core";
import type { MailchimpEvents } from "./events.js";

const PACKAGE = "@hookwire/mailchimp";

/** Options of {@link mailchimp}. */
export interface MailchimpOptions extends SharedSecretOptions {
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Mailchimp receiver type. */
export type MailchimpReceiver = Receiver<MailchimpEvents, "mailchimp">;

/**
 * A receiver for Mailchimp webhooks.
 *
 * Mailchimp's audience webhooks POST form-encoded events (`type`: subscribe, unsubscribe, profile,
 * upemail, cleaned, campaign) with nested `data[...]` fields, and validate a new URL with a GET that must
 * answer 200. Mailchimp does not sign: the URL carries the `code` secret, checked for the GET too.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { mailchimp } from "@hookwire/mailchimp";
 *
 * const hooks = createWebhooks({ receivers: { mailchimp: mailchimp({ code: process.env.MAILCHIMP_WEBHOOK_CODE! }) } });
 * hooks.on("mailchimp", "subscribe", async (event) => console.log(event.payload));
 * // webhook URL: https://your.app/webhooks/mailchimp?code=<the same code>
 * ```
 */
export function mailchimp(options: MailchimpOptions): MailchimpReceiver {
  return defineSharedSecretReceiver<MailchimpEvents, "mailchimp">({
    provider: "mailchimp",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    options,
    handshakeMethods: ["GET", "HEAD"],
    async handshake(request, authenticate) {
      if (request.method !== "GET" && request.method !== "HEAD") return undefined;
      await authenticate(request);
      return new Response(null, { status: 200 });
    },
    mediaTypes: ["application/x-www-form-urlencoded"],
    parse(request) {
      const payload = formToNested(parseForm(request.body));
      const type = payload.type;
      if (typeof type !== "string" || type === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "type".`);
      }
      return { type, id: undefined, payload, meta: { firedAt: payload.fired_at } };
    },
  });
}
