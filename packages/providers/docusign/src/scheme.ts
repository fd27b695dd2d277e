import { encodeBytes, hmac, type SignatureScheme, verifyHmacNow, WebhookError } from "@hookwire/core";

const PACKAGE = "@hookwire/docusign";
const SIGNATURE = /^x-docusign-signature-(\d{1,3})$/i;

/**
 * DocuSign Connect's HMAC signatures: one `X-DocuSign-Signature-<n>` header per active Connect key
 * (up to 100), each the base64 HMAC-SHA256 of the raw body under that key (UTF-8). A request is
 * authentic when any header matches any configured key. `sign` writes one header per secret given,
 * `-1`, `-2`… in order.
 *
 * @example
 * ```ts
 * const { headers } = await docusignScheme.sign({ body, secret: ["key-1", "key-2"] });
 * headers["X-DocuSign-Signature-2"]; // base64 HMAC under key-2
 * ```
 */
export const docusignScheme: SignatureScheme = {
  verify(request, secrets) {
    const signatures: string[] = [];
    for (const [name, value] of request.headers) {
      const match = SIGNATURE.exec(name);
      if (match && Number(match[1]) >= 1 && value.trim() !== "")
        signatures.push(...value.split(",").map((v) => v.trim()));
    }
    if (signatures.length === 0) {
      throw new WebhookError(
        "SIGNATURE_MISSING",
        `[${PACKAGE}] No X-DocuSign-Signature-<n> header. Tick "Include HMAC Signature" in the Connect configuration and add a Connect key.`,
      );
    }
    return verifyHmacNow("SHA-256", secrets, request.body, signatures, "base64");
  },
  async sign(input) {
    const secrets = typeof input.secret === "string" ? [input.secret] : input.secret;
    const headers: Record<string, string> = { "X-Authorization-Digest": "HMACSHA256" };
    for (let i = 0; i < secrets.length; i++) {
      headers[`X-DocuSign-Signature-${i + 1}`] = encodeBytes(
        await hmac("SHA-256", secrets[i]!, input.body),
        "base64",
      );
    }
    return { headers };
  },
};
