import { hmacScheme, type SignatureScheme } from "@hookwire/core";

/**
 * Pusher's signature: `X-Pusher-Signature: <hex HMAC-SHA256 of the raw body>` under the secret of
 * the app that `X-Pusher-Key` names (the receiver picks the secrets by key; the scheme signs and
 * checks with them). The receiver, `pusherTestRequest` and the CLI all sign and verify with it.
 *
 * @example
 * ```ts
 * const body = new TextEncoder().encode('{"time_ms":1403175510755,"events":[{"channel":"test_channel","name":"channel_vacated"}]}');
 * const { headers } = await pusherScheme.sign({ body, secret: "beef" });
 * headers["X-Pusher-Signature"]; // "df1465f5ff93f83238152fd002cb904f9562d39569e68f00a6bfa0d8ccf88334"
 * ```
 */
export const pusherScheme: SignatureScheme = hmacScheme({
  packageName: "@hookwire/pusher",
  algorithm: "SHA-256",
  encoding: "hex",
  header: "X-Pusher-Signature",
});
