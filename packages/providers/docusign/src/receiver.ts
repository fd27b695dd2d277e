import {
  defineSignedJsonReceiver,
  optionalString,
  type Receiver,
  type SecretInput,
  type SignedReceiverOptions,
} from "@hookwire/core";
import type { DocuSignEvents } from "./events.js";
import { docusignScheme } from "./scheme.js";

const PACKAGE = "@hookwire/docusign";

/** Options of {@link docusign}. */
export interface DocuSignOptions extends SignedReceiverOptions {
  /**
   * The Connect HMAC keys (eSignature Admin → Connect → Connect Keys): one, or a list of all the
   * active ones (DocuSign signs with each, up to 100, in `X-DocuSign-Signature-1…N`); a function
   * looks them up per request (per account).
   */
  secret: SecretInput;
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
  return defineSignedJsonReceiver<DocuSignEvents, "docusign">({
    provider: "docusign",
    packageName: PACKAGE,
    options,
    scheme: docusignScheme,
    mismatch: `[${PACKAGE}] No X-DocuSign-Signature-<n> header matches the body under a configured Connect key.`,
    mediaTypes: ["application/json", ""],
    type: "event",
    typeMissing: `[${PACKAGE}] The body has no "event" field: set the Connect configuration's data format to JSON (SIM).`,
    meta: (body) => {
      const data = (typeof body.data === "object" && body.data !== null ? body.data : {}) as Record<
        string,
        unknown
      >;
      return {
        envelopeId: optionalString(data.envelopeId),
        recipientId: optionalString(data.recipientId),
        retryCount: typeof body.retryCount === "number" ? body.retryCount : undefined,
      };
    },
  });
}
