// Cases found by mutation testing (docs/mutation.md): the parser's edges, the organization id's shape,
// the SOAP answers, the per-notification dedupe wrapper and the test helpers' defaults.
import { readFileSync } from "node:fs";
import type { IdempotencyStore, WebhookError } from "@hookwire/core";
import { codeOf } from "@hookwire/test-utils";
import { describe, expect, it, vi } from "vitest";
import { dedupeNotifications } from "./dedupe.js";
import type { SalesforceOutboundMessage } from "./events.js";
import { parseOutboundMessage, salesforce, salesforceAck, salesforceFault } from "./receiver.js";
import { salesforceOutboundMessage, salesforceTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/outbound-message.xml", import.meta.url), "utf8");
const ORG = "00D000000000062EAA";

const post = (body: string, contentType = "text/xml; charset=utf-8") =>
  new Request("https://example.com/webhooks/salesforce", {
    method: "POST",
    body,
    headers: { "content-type": contentType },
  });

const failure = (run: () => unknown): WebhookError => {
  try {
    run();
  } catch (error) {
    return error as WebhookError;
  }
  throw new Error("expected a refusal");
};

/** The fixture with its first Notification's sObject replaced. */
const withSObject = (sObject: string) =>
  fixture.replace(/<sObject xsi:type="sf:Account"[^>]*>[\s\S]*?<\/sObject>/, sObject);

describe("parseOutboundMessage — cases found by mutation testing", () => {
  it("names what is missing in each refusal", () => {
    const message = (xml: string) => failure(() => parseOutboundMessage(xml)).message;
    expect(message("<a>not soap</a>")).toBe(
      "[@hookwire/salesforce] The body is not a Salesforce outbound message: no soapenv:Envelope/Body/notifications element.",
    );
    expect(message(fixture.replace(/<ActionId>.*<\/ActionId>/, ""))).toMatch(/: no ActionId\.$/);
    expect(message(fixture.replace(/<Notification>[\s\S]*<\/Notification>/, ""))).toMatch(
      /: no Notification element\.$/,
    );
    expect(message(fixture.replace(/<Notification>[\s\S]*?<\/Notification>/, "<Notification/>"))).toMatch(
      /: an empty Notification\.$/,
    );
    expect(message(fixture.replace("<Id>04l000000000001AAA</Id>", ""))).toMatch(
      /: a Notification without Id or sObject\.$/,
    );
    expect(message(withSObject("<sObject>text</sObject>"))).toMatch(
      /: a Notification without Id or sObject\.$/,
    );
    expect(message(fixture.replace(/ xsi:type="sf:Account"/g, ""))).toMatch(
      /: an sObject without xsi:type\.$/,
    );
    expect(message("<soapenv:Envelope><unclosed>")).toBe(
      "[@hookwire/salesforce] The body is not well-formed XML.",
    );
    expect(
      failure(() => parseOutboundMessage(fixture.replace(/<OrganizationId>.*<\/OrganizationId>/, "")))
        .message,
    ).toBe("[@hookwire/salesforce] The message has no OrganizationId.");
  });

  it("refuses a DOCTYPE or an ENTITY declaration in any case", () => {
    for (const declaration of ["<!doctype x>", "<!ENTITY x 'y'>", "<!entity x 'y'>"]) {
      const error = failure(() =>
        parseOutboundMessage(`${declaration}${fixture.replace(/^<\?xml[^>]*>/, "")}`),
      );
      expect(error.code).toBe("PAYLOAD_INVALID");
      expect(error.message).toMatch(/a DOCTYPE or ENTITY declaration is not allowed/);
    }
  });

  it("decodes the five predefined entities and decimal and hex character references, once", () => {
    const name = (value: string) =>
      parseOutboundMessage(fixture.replace("Acme &amp; Sons", value)).notifications[0]!.sObject.Name;
    expect(name("&lt;&gt;&amp;&quot;&apos;")).toBe(`<>&"'`);
    expect(name("&#65;&#x42;&#x1F600;&#128512;")).toBe("AB😀😀");
    // beyond Unicode: left as written
    expect(name("&#x110000;&#1114112;")).toBe("&#x110000;&#1114112;");
    expect(name("&#x10FFFF;")).toBe(String.fromCodePoint(0x10ffff));
    // not a reference the decoder knows: left as written
    expect(name("&nbsp;&#;&#x;")).toBe("&nbsp;&#;&#x;");
  });

  it("reads the message's fields, an element with attributes, a typeless prefix and repeated fields", () => {
    const message = parseOutboundMessage(
      withSObject(
        `<sObject xsi:type="Contact"><sf:Email type="x">a&amp;b@example.com</sf:Email><sf:Note type="x"/><sf:Tag>one</sf:Tag><sf:Tag>two</sf:Tag></sObject>`,
      ).replace('<SessionId xsi:nil="true"/>', "<SessionId>SESSION&amp;1</SessionId>"),
    );
    expect(message.organizationId).toBe(ORG);
    expect(message.actionId).toBe("04k000000000001AAA");
    expect(message.sessionId).toBe("SESSION&1");
    expect(message.enterpriseUrl).toBe("https://na1-api.salesforce.com/services/Soap/c/8.0/00D000000000062");
    const [first] = message.notifications;
    expect(first!.sObjectType).toBe("Contact");
    expect(first!.sObject).toEqual({ Email: "a&b@example.com", Note: "", Tag: "one" });
    expect(message.notifications[1]!.sObject).toEqual({
      Id: "001000000000002AAA",
      Name: "Globex",
      Industry: null,
    });
  });

  it("keeps field values as text, and leaves an sObject's own text out of its fields", () => {
    const message = parseOutboundMessage(
      withSObject(
        '<sObject xsi:type="sf:Account">stray<sf:Phone>007</sf:Phone><sf:Score>1.50</sf:Score></sObject>',
      ),
    );
    expect(message.notifications[0]!.sObject).toEqual({ Phone: "007", Score: "1.50" });
  });

  it("decodes entities in the declared type", () => {
    const message = parseOutboundMessage(
      fixture.replace('xsi:type="sf:Account"', 'xsi:type="sf:Acc&#111;unt"'),
    );
    expect(message.notifications[0]!.sObjectType).toBe("Account");
  });
});

describe("salesforce() — cases found by mutation testing", () => {
  it("accepts only 15 or 18 letters and digits as an organization id, also from a lookup", async () => {
    for (const bad of [
      "00D00000000006",
      "00D0000000000620",
      "00D000000000062EA",
      "00D000000000062EAAA",
      "00D00000000006-EAA",
      " 00D000000000062EAA",
    ]) {
      expect(() => salesforce({ organizationId: bad })).toThrow(/15- or 18-character Salesforce id/);
      expect(() => salesforce({ organizationId: [ORG, bad] })).toThrow(/15- or 18-character/);
    }
    expect(salesforce({ organizationId: ORG.slice(0, 15) }).provider).toBe("salesforce");
    const none = await salesforce({ organizationId: async () => undefined })
      .verify(post(fixture))
      .catch((e: WebhookError) => e);
    expect((none as WebhookError).message).toMatch(/No organizationId is configured for this request/);
    const lookedUp = salesforce({ organizationId: async () => "00D123" });
    expect(await codeOf(lookedUp.verify(post(fixture)))).toBe("CONFIGURATION_INVALID");
  });

  it("compares the first 15 characters of the message's id: a shorter one matches no configured id", async () => {
    const receiver = salesforce({ organizationId: ORG });
    // the 15-character form in the message matches the 18-character configuration
    expect(
      (await receiver.verify(post(fixture.replace(`>${ORG}<`, `>${ORG.slice(0, 15)}<`)))).meta.organizationId,
    ).toBe(ORG.slice(0, 15));
    expect(await codeOf(receiver.verify(post(fixture.replace(`>${ORG}<`, `>${ORG.slice(0, 14)}<`))))).toBe(
      "SIGNATURE_INVALID",
    );
    const error = await receiver
      .verify(post(fixture.replace(`>${ORG}<`, ">00D000000000099AAA<")))
      .catch((e) => e);
    expect((error as WebhookError).message).toBe(
      "[@hookwire/salesforce] The message's OrganizationId is not the configured one.",
    );
    // any of several: the match may be the first of the list
    expect(
      (await salesforce({ organizationId: [ORG, "00D000000000099AAA"] }).verify(post(fixture))).meta,
    ).toEqual({ actionId: "04k000000000001AAA", organizationId: ORG });
  });

  it("accepts the SOAP content types Salesforce may send", async () => {
    const receiver = salesforce({ organizationId: ORG });
    for (const type of ["text/xml", "application/xml", "application/soap+xml; charset=utf-8"]) {
      expect((await receiver.verify(post(fixture, type))).type).toBe("sobject.Account");
    }
  });

  it("answers the Ack and faults as SOAP with their statuses, escaping the fault text", async () => {
    const ack = salesforceAck();
    expect(ack.status).toBe(200);
    expect(ack.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await ack.text()).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><soapenv:Envelope /);
    const fault = salesforceFault(`a <b> & "c" 'd'`);
    expect(fault.status).toBe(500);
    expect(fault.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    const text = await fault.text();
    expect(text).toContain("<faultcode>soapenv:Server</faultcode>");
    expect(text).toContain("<faultstring>a &#60;b&#62; &#38; &#34;c&#34; &#39;d&#39;</faultstring>");
  });
});

describe("dedupeNotifications — cases found by mutation testing", () => {
  const message = (ids: string[], organizationId = ORG) =>
    ({
      type: "sobject.Account",
      payload: {
        organizationId,
        actionId: "04k000000000001AAA",
        sessionId: null,
        enterpriseUrl: null,
        partnerUrl: null,
        notifications: ids.map((id) => ({ id, sObjectType: "Account", sObject: {} })),
      } satisfies SalesforceOutboundMessage,
    }) as unknown as Parameters<ReturnType<typeof dedupeNotifications>>[0];
  const context = {} as Parameters<ReturnType<typeof dedupeNotifications>>[1];
  const recordingStore = () => {
    const claimed = new Map<string, number>();
    const store = {
      claim: vi.fn(async (key: string, ttl: number) => {
        if (claimed.has(key)) return false;
        claimed.set(key, ttl);
        return true;
      }),
      release: vi.fn(async (key: string) => {
        claimed.delete(key);
      }),
    };
    return { store: store as unknown as IdempotencyStore, claimed, release: store.release };
  };

  it("claims each id for 24 hours under the organization's 15-character id and the default name", async () => {
    const { store, claimed } = recordingStore();
    const handler = vi.fn();
    await dedupeNotifications(handler, { store })(message(["N1", "N1", "N2"]), context);
    expect([...claimed]).toEqual([
      [`salesforce:${ORG.slice(0, 15)}:default:N1`, 24 * 3600_000],
      [`salesforce:${ORG.slice(0, 15)}:default:N2`, 24 * 3600_000],
    ]);
    expect(handler).toHaveBeenCalledOnce();
    expect(handler.mock.calls[0]![0].payload.notifications.map((n: { id: string }) => n.id)).toEqual([
      "N1",
      "N2",
    ]);
    await dedupeNotifications(handler, { store, name: "audit", ttlMs: 5 })(message(["N1"]), context);
    expect(claimed.get(`salesforce:${ORG.slice(0, 15)}:audit:N1`)).toBe(5);
  });

  it("does not call the handler when every notification was claimed, and keeps claims on a success or a 3xx", async () => {
    const { store, release } = recordingStore();
    const handler = vi.fn(() => new Response(null, { status: 399 }));
    const wrapped = dedupeNotifications(handler, { store });
    expect(await wrapped(message(["N1"]), context)).toBeInstanceOf(Response);
    expect(await wrapped(message(["N1"]), context)).toBeUndefined();
    expect(handler).toHaveBeenCalledOnce();
    expect(release).not.toHaveBeenCalled();
  });

  it("releases only its own claims on an error status from 400", async () => {
    const { store, claimed, release } = recordingStore();
    await dedupeNotifications(() => undefined, { store })(message(["OLD"]), context);
    const wrapped = dedupeNotifications(() => new Response(null, { status: 400 }), { store });
    const result = await wrapped(message(["OLD", "NEW"]), context);
    expect((result as Response).status).toBe(400);
    expect([...claimed.keys()]).toEqual([`salesforce:${ORG.slice(0, 15)}:default:OLD`]);
    expect(release.mock.calls).toEqual([[`salesforce:${ORG.slice(0, 15)}:default:NEW`]]);
  });
});

describe("salesforce test helpers — cases found by mutation testing", () => {
  it("builds Account messages with generated notification ids and the default action id", async () => {
    const xml = salesforceOutboundMessage({
      organizationId: ORG,
      records: [{ Id: "1" }, { Id: "2", Ok: true, N: 3 }],
    });
    const message = parseOutboundMessage(xml);
    expect(message.actionId).toBe("04k000000000000AAA");
    expect(message.notifications.map((n) => [n.id, n.sObjectType])).toEqual([
      ["04l000000000001AAA", "Account"],
      ["04l000000000002AAA", "Account"],
    ]);
    expect(message.notifications[1]!.sObject).toEqual({ Id: "2", Ok: "true", N: "3" });
    expect(xml).toContain('xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"');
    const escaped = salesforceOutboundMessage({
      organizationId: ORG,
      sObjectType: 'A"B',
      actionId: "<act>",
      notificationIds: ['n"1'],
      records: [{ Name: `<"&>` }],
    });
    expect(escaped).toContain('xsi:type="sf:A&quot;B"');
    expect(escaped).toContain("<ActionId>&lt;act&gt;</ActionId>");
    expect(escaped).toContain("<Id>n&quot;1</Id>");
    expect(escaped).toContain("<sf:Name>&lt;&quot;&amp;&gt;</sf:Name>");
  });

  it("sends test requests as SOAP, records as given, a string payload as it is", async () => {
    const request = await salesforceTestRequest({
      secret: ORG,
      payload: [{ Id: "001000000000001AAA" }, { Id: "001000000000002AAA" }],
    });
    expect(request.url).toBe("https://example.com/webhooks/salesforce");
    expect(request.method).toBe("POST");
    expect(request.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(request.headers.get("soapaction")).toBe('""');
    const message = parseOutboundMessage(await request.text());
    expect(message.organizationId).toBe(ORG);
    expect(message.notifications.map((n) => [n.sObjectType, n.sObject.Id])).toEqual([
      ["Account", "001000000000001AAA"],
      ["Account", "001000000000002AAA"],
    ]);
    const typed = await salesforceTestRequest({
      secret: ORG,
      event: "Lead",
      payload: { Id: "00Q000000000001AAA" },
    });
    expect(parseOutboundMessage(await typed.text()).notifications[0]!.sObjectType).toBe("Lead");
    const raw = await salesforceTestRequest({
      secret: ORG,
      payload: fixture,
      url: "https://example.com/sf",
      headers: { "x-a": "1" },
    });
    expect(await raw.text()).toBe(fixture);
    expect([raw.url, raw.headers.get("x-a")]).toEqual(["https://example.com/sf", "1"]);
  });
});

describe("repeated header elements", () => {
  it("refuses a message with two OrganizationId (or ActionId) elements instead of reading them joined", () => {
    const xml = salesforceOutboundMessage({ organizationId: ORG, records: [{ Id: "001000000000001AAA" }] });
    const twoOrgs = xml.replace(
      /(<OrganizationId>[^<]*<\/OrganizationId>)/,
      "$1<OrganizationId>00D000000000099ZZZ</OrganizationId>",
    );
    expect(twoOrgs).not.toBe(xml);
    expect(() => parseOutboundMessage(twoOrgs)).toThrow(expect.objectContaining({ code: "PAYLOAD_INVALID" }));
    const twoActions = xml.replace(/(<ActionId>[^<]*<\/ActionId>)/, "$1$1");
    expect(twoActions).not.toBe(xml);
    expect(() => parseOutboundMessage(twoActions)).toThrow(
      expect.objectContaining({ code: "PAYLOAD_INVALID" }),
    );
  });
});
