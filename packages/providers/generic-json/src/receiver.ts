import {
  defineSharedSecretReceiver,
  type EventMap,
  formToObject,
  mediaType,
  parseForm,
  parseJson,
  type Receiver,
  type SecretInput,
  type SharedSecretOptions,
  utf8Decode,
  WebhookError,
  type WebhookRequest,
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
  /**
   * The body formats accepted besides JSON (`application/json`, `text/json`, always accepted):
   * - `"text"`: `text/plain`, which IFTTT's "Make a web request" offers — parsed as JSON when it is
   *   JSON (IFTTT users often type a JSON body with that content type), else the text itself;
   * - `"form"`: `application/x-www-form-urlencoded`, Zapier's default "Payload Type" for POST
   *   (and an IFTTT option) — the fields as an object of strings.
   *
   * Default: JSON only.
   */
  accept?: readonly GenericJsonFormat[];
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** A body format {@link GenericJsonOptions.accept} can add to JSON. */
export type GenericJsonFormat = "text" | "form";

const FORMATS: readonly string[] = ["text", "form"];

/** The payload by the request's media type, within the accepted formats. */
function parseBody(request: WebhookRequest, accept: readonly GenericJsonFormat[]): unknown {
  const type = mediaType(request);
  if (type === "application/json" || type === "text/json" || type.endsWith("+json")) {
    return parseJson<unknown>(request.body, PACKAGE);
  }
  if (type === "text/plain" && accept.includes("text")) {
    const text = utf8Decode(request.body);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  if (type === "application/x-www-form-urlencoded" && accept.includes("form")) {
    return formToObject(parseForm(request.body));
  }
  const accepted = [
    "application/json",
    ...(accept.includes("text") ? ["text/plain"] : []),
    ...(accept.includes("form") ? ["application/x-www-form-urlencoded"] : []),
  ];
  const hint =
    type === "text/plain" || type === "application/x-www-form-urlencoded"
      ? ` To accept it, pass { accept: [${type === "text/plain" ? '"text"' : '"form"'}] }.`
      : "";
  throw new WebhookError(
    "UNSUPPORTED_MEDIA_TYPE",
    `[${PACKAGE}] Content-Type ${type ? `"${type}"` : "(none)"} is not accepted; expected ${accepted.join(" or ")}.${hint}`,
  );
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
 * value (object, array, scalar); with `accept`, also `text/plain` (IFTTT) or a form (Zapier's default). Pass your own event map as the type parameter for typed handlers.
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
  for (const [name, value] of [
    ["typeField", options?.typeField],
    ["defaultType", options?.defaultType],
    ["idField", options?.idField],
  ] as const) {
    if (value !== undefined && (typeof value !== "string" || value === "")) {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `[${PACKAGE}] The ${name} option must be a non-empty string. Remove it or pass { ${name}: "…" }.`,
      );
    }
  }
  const defaultType = options?.defaultType ?? "change";
  const accept = options?.accept ?? [];
  if (!Array.isArray(accept) || accept.some((format) => !FORMATS.includes(format))) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] The accept option lists body formats besides JSON: "text" (text/plain, IFTTT) and "form" (form-encoded, Zapier's default). Pass e.g. { accept: ["form"] }.`,
    );
  }
  return defineSharedSecretReceiver<TEvents, "generic-json">({
    provider: "generic-json",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    options,
    headers: options?.header,
    headersOption: "header",
    configureHint: `{ code: "<32–128 characters>" } (and put ?code=<it> in the webhook URL), { header: { "x-webhook-token": "<token>" } }, or { basicAuth: { username, password } }`,
    parse(request) {
      const payload = parseBody(request, accept);
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
