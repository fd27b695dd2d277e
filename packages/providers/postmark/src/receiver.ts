import {
  defineSignedReceiver,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  utf8Decode,
  type VerifiedParts,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { PostmarkEvents } from "./events.js";
import { postmarkScheme } from "./scheme.js";

const PACKAGE = "@hookwire/postmark";

/** Options of {@link postmark}. */
export interface PostmarkOptions {
  /**
   * The Basic credentials of the webhook URL as `username:password`; a list accepts any of them
   * (rotation); a function looks them up per request.
   */
  credentials: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Postmark receiver type. */
export type PostmarkReceiver = Receiver<PostmarkEvents, "postmark">;

/**
 * A receiver for Postmark webhooks (delivery, bounce, spam complaint, open, click, subscription
 * change, and inbound messages).
 *
 * Postmark signs nothing: put HTTP Basic credentials in the webhook URL
 * (`https://user:password@your.app/webhooks/postmark`) and give the same `user:password` here;
 * they are compared in constant time. Wrong or missing credentials get 401 (Postmark retries), a
 * verified event 200. The type is the body's `RecordType` (`Bounce`, `Delivery`, …), `Inbound` for
 * inbound messages; the id is set where one names a single occurrence (`Bounce:<ID>`,
 * `SpamComplaint:<ID>`, `Delivery:<MessageID>:<Recipient>`, `Inbound:<MessageID>`).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { postmark } from "@hookwire/postmark";
 *
 * const hooks = createWebhooks({ receivers: { postmark: postmark({ credentials: process.env.POSTMARK_WEBHOOK_CREDENTIALS! }) } });
 * hooks.on("postmark", "Bounce", (event) => console.log(event.payload.Email, event.payload.Type));
 * ```
 */
export function postmark(options: PostmarkOptions): PostmarkReceiver {
  return defineSignedReceiver<PostmarkEvents, "postmark">({
    provider: "postmark",
    packageName: PACKAGE,
    secret: options?.credentials,
    secretOption: "credentials",
    scheme: postmarkScheme,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    mismatch: `[${PACKAGE}] The Basic credentials do not match.`,
    parse,
  });
}

/** After authentication: the type, the payload and an id where one names a single occurrence. */
function parse(request: WebhookRequest): VerifiedParts {
  const payload = parseJsonObject(request.body, PACKAGE);
  const recordType = payload.RecordType;
  const text = (key: string): string | undefined => {
    const value = payload[key];
    if (typeof value === "number" && !Number.isSafeInteger(value)) {
      // Postmark's numeric ids can exceed 2^53: read the digits as sent, not the rounded number.
      return new RegExp(`"${key}"\\s*:\\s*(\\d+)`).exec(utf8Decode(request.body))?.[1];
    }
    return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
  };
  if (typeof recordType === "string" && recordType !== "") {
    const id =
      recordType === "Bounce" || recordType === "SpamComplaint"
        ? text("ID") && `${recordType}:${text("ID")}`
        : recordType === "Delivery" && text("MessageID") && text("Recipient")
          ? `Delivery:${text("MessageID")}:${text("Recipient")}`
          : undefined;
    return { type: recordType, id, payload };
  }
  if (typeof payload.FromFull === "object" && payload.FromFull !== null) {
    return { type: "Inbound", id: text("MessageID") && `Inbound:${text("MessageID")}`, payload };
  }
  throw new WebhookError(
    "PAYLOAD_INVALID",
    `[${PACKAGE}] The body has no RecordType and is not an inbound message.`,
  );
}
