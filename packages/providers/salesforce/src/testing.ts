import { type ProviderDescriptor, type TestRequestInput, testBody } from "@hookwire/core";
import { salesforce } from "./receiver.js";

function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** What {@link salesforceOutboundMessage} builds a message from. */
export interface SalesforceMessageInput {
  /** The organization id (15 or 18 characters). */
  organizationId: string;
  /** The sObject type (default `Account`). */
  sObjectType?: string;
  /** The records: each a map of field → value (`null` for an empty field). */
  records: ReadonlyArray<Record<string, string | number | boolean | null>>;
  /** The action id (default `04k000000000000AAA`). */
  actionId?: string;
  /** Notification ids (default generated). */
  notificationIds?: readonly string[];
}

/**
 * A Salesforce outbound message (SOAP XML) as Salesforce sends it — for your tests.
 *
 * @example
 * ```ts
 * import { salesforceOutboundMessage } from "@hookwire/salesforce/testing";
 * const xml = salesforceOutboundMessage({ organizationId: "00D000000000062EAA", records: [{ Id: "001000000000001AAA", Name: "Acme" }] });
 * ```
 */
export function salesforceOutboundMessage(input: SalesforceMessageInput): string {
  const type = input.sObjectType ?? "Account";
  const notifications = input.records
    .map((record, i) => {
      const id = input.notificationIds?.[i] ?? `04l${String(i + 1).padStart(12, "0")}AAA`;
      const fields = Object.entries(record)
        .map(([key, value]) =>
          value === null
            ? `<sf:${key} xsi:nil="true"/>`
            : `<sf:${key}>${escapeXml(String(value))}</sf:${key}>`,
        )
        .join("");
      return `<Notification><Id>${escapeXml(id)}</Id><sObject xsi:type="sf:${escapeXml(type)}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">${fields}</sObject></Notification>`;
    })
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>${escapeXml(input.organizationId)}</OrganizationId><ActionId>${escapeXml(input.actionId ?? "04k000000000000AAA")}</ActionId><SessionId xsi:nil="true"/><EnterpriseUrl>https://example.my.salesforce.com/services/Soap/c/62.0</EnterpriseUrl><PartnerUrl>https://example.my.salesforce.com/services/Soap/u/62.0</PartnerUrl>${notifications}</notifications></soapenv:Body></soapenv:Envelope>`;
}

/**
 * A Salesforce outbound message `Request` — for your own tests. `secret` is the organization id;
 * a string payload is sent as it is (XML); an object (one record) or an array (several) is wrapped
 * in an outbound message whose sObject type is `event` (`sobject.Account` or `Account`, default Account).
 *
 * @example
 * ```ts
 * import { salesforceTestRequest } from "@hookwire/salesforce/testing";
 * const request = await salesforceTestRequest({ secret: "00D000000000062EAA", event: "sobject.Contact", payload: { Id: "003000000000001AAA", Email: "a@example.com" } });
 * ```
 */
export async function salesforceTestRequest(input: TestRequestInput): Promise<Request> {
  const body =
    typeof input.payload === "string" || input.payload instanceof Uint8Array
      ? testBody(input.payload)
      : salesforceOutboundMessage({
          organizationId: input.secret,
          sObjectType: (input.event ?? "Account").replace(/^sobject\./, ""),
          records: (Array.isArray(input.payload) ? input.payload : [input.payload]) as Array<
            Record<string, string | null>
          >,
          ...(input.id === undefined ? {} : { notificationIds: [input.id] }),
        });
  return new Request(input.url ?? "https://example.com/webhooks/salesforce", {
    method: "POST",
    body: body as BodyInit,
    headers: { "content-type": "text/xml; charset=utf-8", soapaction: '""', ...input.headers },
  });
}

/**
 * Salesforce outbound messages for the `hookwire` CLI and other tools: the "secret" is the
 * organization id the receiver checks (Salesforce does not sign outbound messages).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/salesforce/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, event: "Contact", payload: { Id: "003000000000001AAA" } });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  name: "salesforce",
  packageName: "@hookwire/salesforce",
  sign: salesforceTestRequest,
  receiver: (organizationId) => salesforce({ organizationId }),
  secretIs: "the organization id (15 or 18 characters)",
  exampleSecret: "00D000000000062EAA",
  eventOption: "the sObject type of a JSON record file (Account, Contact…)",
  encodesJson: true,
  example: {
    payload: {
      Id: "001000000000001AAA",
      Name: "Acme & Sons",
      Industry: "Manufacturing",
      OwnerId: "005000000000001AAA",
    },
    event: "Account",
  },
};
