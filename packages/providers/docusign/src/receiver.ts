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
import type { DocuSignEvents } from "./events.js";
import { docusignScheme } from "./scheme.js";

const PACKAGE = "@hookwire/docusign";

/** Options of {@link docusign}. */
export interface DocuSignOptions {
  /**
   * The Connect HMAC keys (eSignature Admin → Connect → Connect Keys): one, or a list of all the
   * active ones (DocuSign signs with each, up to 100, in `X-DocuSign-Signature-1…N`); a function
   * looks them up per request (per account).
   */
  secret: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The DocuSign receiver type. */
export type DocuSignReceiver = Receiver<DocuSignEvents, "docusign">;

/**
 * A receiver for DocuSign Connect notifications (JSON, SIM event model) signed with HMAC.
 *
 * Verifies the `X-DocuSign-Signature-1…N` headers (base64 HMAC-SHA256 of the raw body, one per
 * active Connect key): any header matching any configured key is enough, so keys rotate by adding
 * the new key in DocuSign and here, then removing the old one. Events are named by the body's
 * `event` (`envelope-completed`, `recipient-completed`). DocuSign sends no event id, so `event.id`
 * is undefined; `event.meta` has `envelopeId`, `recipientId` and `retryCount`.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { docusign } from "@hookwire/docusign";
 *
 * const hooks = createWebhooks({ receivers: { docusign: docusign({ secret: process.env.DOCUSIGN_CONNECT_KEY! }) } });
 * hooks.on("docusign", "envelope-completed", async (event) => {
 *   console.log(`envelope ${event.payload.data.envelopeId} completed`);
 * });
 * ```
 */
export function docusign(options: DocuSignOptions): DocuSignReceiver {
  return defineSignedReceiver<DocuSignEvents, "docusign">({
    provider: "docusign",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options?.secret,
    scheme: docusignScheme,
    mismatch: `[${PACKAGE}] No X-DocuSign-Signature-<n> header matches the body under a configured Connect key.`,
    parse,
  });
}

function parse(request: WebhookRequest): VerifiedParts {
  assertMediaType(request, ["application/json", ""], PACKAGE);
  const payload = parseJsonObject(request.body, PACKAGE);
  const name = payload.event;
  if (typeof name !== "string" || name === "") {
    throw new WebhookError(
      "PAYLOAD_INVALID",
      `[${PACKAGE}] The body has no "event" field: set the Connect configuration's data format to JSON (SIM).`,
    );
  }
  const data = (typeof payload.data === "object" && payload.data !== null ? payload.data : {}) as Record<
    string,
    unknown
  >;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  return {
    type: name,
    payload,
    meta: {
      envelopeId: text(data.envelopeId),
      recipientId: text(data.recipientId),
      retryCount: typeof payload.retryCount === "number" ? payload.retryCount : undefined,
    },
  };
}
