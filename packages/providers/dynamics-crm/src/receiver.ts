import {
  defineSharedSecretReceiver,
  parseJsonObject,
  type Receiver,
  type SecretInput,
  type SharedSecretOptions,
  WebhookError,
} from "@hookwire/core";
import type { DynamicsCrmEvents } from "./events.js";

const PACKAGE = "@hookwire/dynamics-crm";
const ZERO_GUID = "00000000-0000-0000-0000-000000000000";

/**
 * Options of {@link dynamicsCrm}. Configure at least one of `code`, `header`, `queryString`, `basicAuth`; every one configured must match.
 *
 * @example
 * ```ts
 * const options: DynamicsCrmOptions = { code: process.env.DATAVERSE_WEBHOOK_KEY! };
 * ```
 */
export interface DynamicsCrmOptions extends SharedSecretOptions {
  /**
   * Dataverse's **HttpHeader** authentication: the header names and values registered on the webhook
   * (`{ "x-api-key": process.env.DATAVERSE_KEY }`), each compared in constant time.
   */
  header?: Readonly<Record<string, SecretInput>>;
  /** Dataverse's **HttpQueryString** authentication: the query parameter names and values registered on the webhook. */
  queryString?: Readonly<Record<string, SecretInput>>;
  /**
   * The event type: `"messageAndEntity"` (default: `Create.account`) or `"message"` (`Create`, as ASP.NET
   * WebHooks named it).
   */
  typeFormat?: "messageAndEntity" | "message";
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/**
 * The Dynamics 365 / Dataverse receiver type.
 *
 * @example
 * ```ts
 * const receiver: DynamicsCrmReceiver = dynamicsCrm({ code: process.env.DATAVERSE_WEBHOOK_KEY! });
 * ```
 */
export type DynamicsCrmReceiver = Receiver<DynamicsCrmEvents, "dynamics-crm">;

/**
 * A receiver for Dynamics 365 / Dataverse webhooks.
 *
 * Dataverse posts the plug-in `RemoteExecutionContext` as JSON when a registered step runs. The event type
 * is `<MessageName>.<PrimaryEntityName>` (`Create.account`, `Update.contact`; `typeFormat: "message"` gives
 * ASP.NET's bare `MessageName`). The id is `RequestId`, else the asynchronous `OperationId` (never
 * `CorrelationId`, which a whole chain of operations shares). Dataverse's three authentication types map to options: **WebhookKey** is the `code`
 * query secret, **HttpHeader** is `header`, **HttpQueryString** is `queryString`.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { dynamicsCrm } from "@hookwire/dynamics-crm";
 *
 * const hooks = createWebhooks({
 *   receivers: { "dynamics-crm": dynamicsCrm({ code: process.env.DATAVERSE_WEBHOOK_KEY! }) },
 * });
 * hooks.on("dynamics-crm", "Create.account", async (event) => console.log(event.payload.PrimaryEntityId));
 * // webhook URL: https://your.app/webhooks/dynamics-crm (Dataverse appends ?code=<the WebhookKey>)
 * ```
 */
export function dynamicsCrm(options: DynamicsCrmOptions): DynamicsCrmReceiver {
  if (
    options?.typeFormat !== undefined &&
    options?.typeFormat !== "message" &&
    options?.typeFormat !== "messageAndEntity"
  ) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] typeFormat must be "messageAndEntity" or "message". Pass { typeFormat: "message" } for ASP.NET WebHooks' names.`,
    );
  }
  return defineSharedSecretReceiver<DynamicsCrmEvents, "dynamics-crm">({
    provider: "dynamics-crm",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    options,
    headers: options?.header,
    headersOption: "header",
    query: options?.queryString,
    queryOption: "queryString",
    configureHint: `{ code: "<32–128 characters>" } for the WebhookKey authentication type, { header: { "<name>": "<value>" } } for HttpHeader, or { queryString: { "<name>": "<value>" } } for HttpQueryString`,
    mediaTypes: ["application/json"],
    parse(request) {
      const payload = parseJsonObject<Record<string, unknown>>(request.body, PACKAGE);
      const message = payload.MessageName;
      if (typeof message !== "string" || message === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "MessageName".`);
      }
      const entity = typeof payload.PrimaryEntityName === "string" ? payload.PrimaryEntityName : "";
      const type =
        options.typeFormat === "message" || entity === "" || entity === "none"
          ? message
          : `${message}.${entity}`;
      return {
        type,
        id: idOf(payload),
        payload,
        meta: {
          organizationName: payload.OrganizationName,
          organizationId: payload.OrganizationId,
          correlationId: payload.CorrelationId,
          depth: payload.Depth,
          stage: payload.Stage,
          mode: payload.Mode,
          truncated: request.headers.get("x-ms-dynamics-msg-size-exceeded") !== null,
        },
      };
    },
  });
}

/**
 * The id of one operation: `RequestId`, else the asynchronous `OperationId`. `CorrelationId` is not an
 * id: Dataverse keeps it across a whole chain of operations (a plug-in's Update triggered by a Create
 * carries its CorrelationId, with a higher `Depth`) to detect loops, so keying on it would make
 * idempotency drop the chained operations. Without either id the event has none and is never deduplicated.
 */
function idOf(payload: Record<string, unknown>): string | undefined {
  for (const candidate of [payload.RequestId, payload.OperationId]) {
    if (typeof candidate === "string" && candidate !== "" && candidate !== ZERO_GUID) return candidate;
  }
  return undefined;
}
