import {
  assertMediaType,
  assertSecretOption,
  defineReceiver,
  type Receiver,
  resolveSecrets,
  type SecretInput,
  timingSafeEqualString,
  utf8Decode,
  WebhookError,
} from "@hookwire/core";
import { XMLParser } from "fast-xml-parser";
import type { SalesforceEvents, SalesforceNotification, SalesforceOutboundMessage } from "./events.js";

const PACKAGE = "@hookwire/salesforce";
const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

/** Options of {@link salesforce}. */
export interface SalesforceOptions {
  /**
   * Your organization id (Setup → Company Information → Salesforce.com Organization ID), 15 or 18
   * characters; compared on the 15-character form in constant time. A list accepts several orgs;
   * a function looks it up per request.
   */
  organizationId: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Salesforce receiver type. */
export type SalesforceReceiver = Receiver<SalesforceEvents, "salesforce">;

const ACK =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

/**
 * The SOAP acknowledgement Salesforce waits for (`<notificationsResponse><Ack>true</Ack>`), as a
 * `text/xml` `Response`. The receiver answers with it by default; return it yourself from a handler
 * that builds its own answer.
 *
 * @example
 * ```ts
 * hooks.on("salesforce", "sobject.Account", () => salesforceAck());
 * ```
 */
export function salesforceAck(): Response {
  return new Response(ACK, { status: 200, headers: { "content-type": "text/xml; charset=utf-8" } });
}

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A SOAP fault (HTTP 500, `soapenv:Server`) that makes Salesforce retry the message later.
 *
 * @example
 * ```ts
 * hooks.on("salesforce", "sobject.*", async (event) => (await save(event)) ? undefined : salesforceFault("database unavailable"));
 * ```
 */
export function salesforceFault(message: string): Response {
  const body = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>${escapeXml(message)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
  return new Response(body, { status: 500, headers: { "content-type": "text/xml; charset=utf-8" } });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Entities are decoded by `decode` below in one pass (the five predefined ones and character
  // references only); a DOCTYPE is refused before parsing, so nothing can declare more.
  processEntities: false,
  htmlEntities: false,
  isArray: (name) => name === "Notification",
});

type Node = Record<string, unknown>;

function invalid(detail: string): WebhookError {
  return new WebhookError(
    "PAYLOAD_INVALID",
    `[${PACKAGE}] The body is not a Salesforce outbound message: ${detail}.`,
  );
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(value: string): string {
  return value.replace(/&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g, (whole, name: string) => {
    if (name[0] !== "#") return PREDEFINED[name]!;
    const code = name[1] === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return decode(value);
  if (isNode(value)) {
    if (value["@_nil"] === "true") return null;
    const inner = value["#text"];
    return typeof inner === "string" ? decode(inner) : "";
  }
  return String(value);
}

/**
 * Parse a Salesforce outbound message (SOAP 1.1). DTDs are refused, so external entities and entity
 * expansion cannot happen; anything that is not a well-formed outbound message is `PAYLOAD_INVALID`.
 *
 * @example
 * ```ts
 * const message = parseOutboundMessage(xml);
 * message.notifications[0]?.sObjectType; // "Account"
 * ```
 */
export function parseOutboundMessage(xml: string): SalesforceOutboundMessage {
  // SOAP 1.1 forbids a DTD in a message; refusing one up front rules out XXE and billion laughs.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw invalid("a DOCTYPE or ENTITY declaration is not allowed");
  let document: unknown;
  try {
    document = parser.parse(xml, true);
  } catch (cause) {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body is not well-formed XML.`, { cause });
  }
  const envelope = isNode(document) ? document.Envelope : undefined;
  const body = isNode(envelope) ? envelope.Body : undefined;
  const notifications = isNode(body) ? body.notifications : undefined;
  if (!isNode(notifications)) throw invalid("no soapenv:Envelope/Body/notifications element");
  // One of each: a repeated element would be read as comma-joined text, and the organization id's
  // 15-character comparison would then accept a message whose first id is right.
  if (Array.isArray(notifications.OrganizationId) || Array.isArray(notifications.ActionId)) {
    throw invalid("more than one OrganizationId or ActionId");
  }
  const organizationId = text(notifications.OrganizationId);
  const actionId = text(notifications.ActionId);
  if (!organizationId) {
    throw new WebhookError("SIGNATURE_MISSING", `[${PACKAGE}] The message has no OrganizationId.`);
  }
  if (!actionId) throw invalid("no ActionId");
  const list = notifications.Notification;
  if (!Array.isArray(list) || list.length === 0) throw invalid("no Notification element");
  const parsed: SalesforceNotification[] = list.map((item: unknown) => {
    if (!isNode(item)) throw invalid("an empty Notification");
    // as for OrganizationId: two Id elements would be read as one comma-joined id
    if (Array.isArray(item.Id)) throw invalid("a Notification with more than one Id");
    const id = text(item.Id);
    const sObject = item.sObject;
    if (!id || !isNode(sObject)) throw invalid("a Notification without Id or sObject");
    const declared = typeof sObject["@_type"] === "string" ? decode(sObject["@_type"]) : "";
    const sObjectType = declared.includes(":") ? declared.slice(declared.indexOf(":") + 1) : declared;
    if (!sObjectType) throw invalid("an sObject without xsi:type");
    const fields: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(sObject)) {
      if (key.startsWith("@_") || key === "#text") continue;
      fields[key] = Array.isArray(value) ? text(value[0]) : text(value);
    }
    return { id, sObjectType, sObject: fields };
  });
  return {
    organizationId,
    actionId,
    sessionId: text(notifications.SessionId),
    enterpriseUrl: text(notifications.EnterpriseUrl),
    partnerUrl: text(notifications.PartnerUrl),
    notifications: parsed,
  };
}

/** The idempotency key of one notification: its id within the organization (15-character form). */
function notificationKey(organizationId: string, id: string): string {
  return `${organizationId.slice(0, 15)}:${id}`;
}

/**
 * A receiver for Salesforce Outbound Messages (SOAP).
 *
 * Salesforce does not sign outbound messages: the message's `OrganizationId` is compared with yours
 * (15-character form, constant time), as ASP.NET WebHooks did — put the endpoint behind HTTPS and,
 * for more, require Salesforce's client certificate at your TLS terminator. The type is
 * `sobject.<type>` (`sobject.Account`), the id the notification `Id` (ids joined by `,` for a batch),
 * `meta.actionId` the outbound message action. With the router's `idempotency` on, each notification
 * is deduplicated on its own (Salesforce re-batches redeliveries): handlers get the message minus
 * the notifications already processed, and none at all (just the `<Ack>`) when every one was. Every accepted request is answered with the SOAP
 * `<Ack>true</Ack>` unless a handler returns its own `Response`.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { salesforce } from "@hookwire/salesforce";
 *
 * const hooks = createWebhooks({ receivers: { salesforce: salesforce({ organizationId: process.env.SF_ORG_ID! }) } });
 * hooks.on("salesforce", "sobject.Account", async (event) => {
 *   for (const n of event.payload.notifications) console.log(n.sObject.Name);
 * });
 * ```
 */
export function salesforce(options: SalesforceOptions): SalesforceReceiver {
  assertSecretOption(options?.organizationId, PACKAGE, "organizationId");
  const check = (ids: readonly string[]) => {
    for (const id of ids) {
      if (!ID.test(id)) {
        throw new WebhookError(
          "CONFIGURATION_INVALID",
          `[${PACKAGE}] organizationId must be a 15- or 18-character Salesforce id. Copy it from Setup → Company Information.`,
        );
      }
    }
  };
  if (typeof options.organizationId !== "function") {
    check(typeof options.organizationId === "string" ? [options.organizationId] : options.organizationId);
  }
  return defineReceiver<SalesforceEvents, "salesforce">({
    provider: "salesforce",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    respond: () => salesforceAck(),
    narrow(event, fresh) {
      const message = event.payload as SalesforceOutboundMessage<any>;
      const keep = new Set(fresh);
      const seen = new Set<string>();
      const notifications = message.notifications.filter((n) => {
        const key = notificationKey(message.organizationId, n.id);
        if (!keep.has(key) || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      return { ...event, payload: { ...message, notifications } };
    },
    async verify(request) {
      assertMediaType(request, ["text/xml", "application/xml", "application/soap+xml"], PACKAGE);
      const message = parseOutboundMessage(utf8Decode(request.body));
      const found = resolveSecrets(options.organizationId, request, PACKAGE, "organizationId");
      const expected = Array.isArray(found) ? found : await found;
      check(expected);
      const received = message.organizationId.slice(0, 15).padEnd(15, "\0");
      let matched = false;
      for (const id of expected) matched = timingSafeEqualString(received, id.slice(0, 15)) || matched;
      if (!matched) {
        throw new WebhookError(
          "SIGNATURE_INVALID",
          `[${PACKAGE}] The message's OrganizationId is not the configured one.`,
        );
      }
      const first = message.notifications[0]!;
      return {
        type: `sobject.${first.sObjectType}`,
        id: message.notifications.map((n) => n.id).join(","),
        payload: message,
        meta: { actionId: message.actionId, organizationId: message.organizationId },
        // Salesforce re-batches redeliveries: the router dedupes each notification, not the message
        idempotencyKeys: message.notifications.map((n) => notificationKey(message.organizationId, n.id)),
      };
    },
  });
}
