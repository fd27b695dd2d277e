import {
  assertMediaType,
  assertNamedSecrets,
  defineReceiver,
  type EventMap,
  parseJson,
  type Receiver,
  type SecretInput,
  type SharedSecretOptions,
  verifyNamedSecrets,
  verifySharedSecret,
  WebhookError,
} from "@hookwire/core";
import type { GenericJsonEvents } from "./events.js";

const PACKAGE = "@hookwire/generic-json";

/**
 * Options of {@link genericJson}. Configure at least one of `code`, `header`, `basicAuth`; every one configured must match.
 *
 * @example
 * ```ts
 * const options: GenericJsonOptions = { code: process.env.IFTTT_CODE! };
 * ```
 */
export interface GenericJsonOptions extends SharedSecretOptions {
  /**
   * A token the sender puts in a header you choose (`{ "x-webhook-token": process.env.TOKEN }`), compared in
   * constant time — for senders that can set headers (Zapier, IFTTT "Additional Headers").
   */
  header?: Readonly<Record<string, SecretInput>>;
  /** Read the event type from this top-level body field instead of the `action` query parameter. */
  typeField?: string;
  /** The event type when the URL has no `action` parameter (default `"change"`, as ASP.NET WebHooks). */
  defaultType?: string;
  /** Read the event id (for idempotency) from this top-level body field. */
  idField?: string;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/**
 * The generic JSON receiver type.
 *
 * @example
 * ```ts
 * const receiver: GenericJsonReceiver = genericJson({ code: process.env.IFTTT_CODE! });
 * ```
 */
export type GenericJsonReceiver<TEvents extends EventMap = GenericJsonEvents> = Receiver<
  TEvents,
  "generic-json"
>;

/**
 * A receiver for IFTTT, Zapier and any other sender that can only be given a URL and a JSON body —
 * ASP.NET WebHooks' generic JSON receiver.
 *
 * The URL carries the `code` secret (or the sender sets a `header` token); the event type is the `action`
 * query parameter (default `change`) or, with `typeField`, a field of the body. The body may be any JSON
 * value (object, array, scalar). Pass your own event map as the type parameter for typed handlers.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { genericJson } from "@hookwire/generic-json";
 *
 * type IftttEvents = { new_tweet: { value1: string; value2: string } };
 * const hooks = createWebhooks({
 *   receivers: { ifttt: genericJson<IftttEvents>({ code: process.env.IFTTT_WEBHOOK_CODE! }) },
 * });
 * hooks.on("ifttt", "new_tweet", async (event) => console.log(event.payload.value1));
 * // IFTTT URL: https://your.app/webhooks/ifttt?code=<the same code>&action=new_tweet
 * ```
 */
export function genericJson<TEvents extends EventMap = GenericJsonEvents>(
  options: GenericJsonOptions,
): GenericJsonReceiver<TEvents> {
  if (options?.code === undefined && options?.basicAuth === undefined && options?.header === undefined) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] Configure a secret: { code: "<32–128 characters>" } (and put ?code=<it> in the webhook URL), { header: { "x-webhook-token": "<token>" } }, or { basicAuth: { username, password } }.`,
    );
  }
  assertNamedSecrets(options.header, "header", PACKAGE);
  for (const [name, value] of [
    ["typeField", options.typeField],
    ["defaultType", options.defaultType],
    ["idField", options.idField],
  ] as const) {
    if (value !== undefined && (typeof value !== "string" || value === "")) {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `[${PACKAGE}] The ${name} option must be a non-empty string. Remove it or pass { ${name}: "…" }.`,
      );
    }
  }
  const defaultType = options.defaultType ?? "change";
  return defineReceiver<TEvents, "generic-json">({
    provider: "generic-json",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    async verify(request) {
      await verifySharedSecret(request, options, PACKAGE);
      await verifyNamedSecrets(request, options.header, "header", PACKAGE);
      assertMediaType(request, ["application/json", "text/json"], PACKAGE);
      const payload = parseJson<unknown>(request.body, PACKAGE);
      const fields =
        typeof payload === "object" && payload !== null && !Array.isArray(payload)
          ? (payload as Record<string, unknown>)
          : undefined;
      let type = new URL(request.url).searchParams.get("action") || defaultType;
      if (options.typeField !== undefined) {
        const value = fields?.[options.typeField];
        if (typeof value !== "string" || value === "") {
          throw new WebhookError(
            "PAYLOAD_INVALID",
            `[${PACKAGE}] The body has no "${options.typeField}" string field for the event type.`,
          );
        }
        type = value;
      }
      let id: string | undefined;
      if (options.idField !== undefined) {
        const value = fields?.[options.idField];
        if (typeof value === "string" && value !== "") id = value;
        else if (typeof value === "number" && Number.isFinite(value)) id = String(value);
      }
      return { type, id, payload };
    },
  });
}
