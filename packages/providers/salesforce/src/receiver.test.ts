import { readFileSync } from "node:fs";
import { createWebhooks, memoryIdempotencyStore } from "@hookwire/core";
import { codeOf } from "@hookwire/test-utils";
import { describe, expect, it, vi } from "vitest";
import { dedupeNotifications } from "./dedupe.js";
import { parseOutboundMessage, salesforce, salesforceAck, salesforceFault } from "./receiver.js";
import { descriptor, salesforceOutboundMessage, salesforceTestRequest } from "./testing.js";

const fixture = readFileSync(new URL("../test/fixtures/outbound-message.xml", import.meta.url), "utf8");
const ORG = "00D000000000062EAA";

function request(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request("https://example.com/webhooks/salesforce", {
    method: "POST",
    body,
    headers: { "content-type": "text/xml; charset=utf-8", ...headers },
  });
}

describe("salesforce()", () => {
  it("parses the documented outbound message: sobject type, notification ids, fields, nil and entities", async () => {
    const event = await salesforce({ organizationId: ORG }).verify(request(fixture));
    expect(event.type).toBe("sobject.Account");
    expect(event.id).toBe("04l000000000001AAA,04l000000000002AAA");
    expect(event.meta.actionId).toBe("04k000000000001AAA");
    const payload = event.payload as ReturnType<typeof parseOutboundMessage>;
    expect(payload.sessionId).toBeNull();
    expect(payload.partnerUrl).toBe("https://na1-api.salesforce.com/services/Soap/u/8.0/00D000000000062");
    expect(payload.notifications.map((n) => n.sObject.Name)).toEqual(["Acme & Sons", "Globex"]);
    expect(payload.notifications[1]!.sObject.Industry).toBeNull();
    expect(payload.notifications[0]!.sObjectType).toBe("Account");
  });

  it("compares the organization id on its 15-character form, with several ids or a lookup", async () => {
    expect((await salesforce({ organizationId: ORG.slice(0, 15) }).verify(request(fixture))).type).toBe(
      "sobject.Account",
    );
    expect(
      (await salesforce({ organizationId: ["00D000000000099AAA", ORG] }).verify(request(fixture))).type,
    ).toBe("sobject.Account");
    const lookup = vi.fn(async () => ORG);
    await salesforce({ organizationId: lookup }).verify(request(fixture));
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("refuses another organization, a case-changed id and a missing OrganizationId", async () => {
    expect(await codeOf(salesforce({ organizationId: "00D000000000099AAA" }).verify(request(fixture)))).toBe(
      "SIGNATURE_INVALID",
    );
    expect(await codeOf(salesforce({ organizationId: "00d000000000062EAA" }).verify(request(fixture)))).toBe(
      "SIGNATURE_INVALID",
    );
    const noOrg = fixture.replace(/<OrganizationId>.*<\/OrganizationId>/, "");
    expect(await codeOf(salesforce({ organizationId: ORG }).verify(request(noOrg)))).toBe(
      "SIGNATURE_MISSING",
    );
  });

  it("refuses bad organization ids at construction", () => {
    expect(() => salesforce({ organizationId: "" })).toThrow(/organizationId option is missing/);
    expect(() => salesforce({ organizationId: "00D123" })).toThrow(/15- or 18-character/);
  });

  it("refuses a wrong content type and malformed or foreign XML with coded errors", async () => {
    const receiver = salesforce({ organizationId: ORG });
    expect(await codeOf(receiver.verify(request(fixture, { "content-type": "application/json" })))).toBe(
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expect(await codeOf(receiver.verify(request("<soapenv:Envelope><unclosed>")))).toBe("PAYLOAD_INVALID");
    expect(await codeOf(receiver.verify(request("<a>not soap</a>")))).toBe("PAYLOAD_INVALID");
    expect(await codeOf(receiver.verify(request(fixture.replace(/<ActionId>.*<\/ActionId>/, ""))))).toBe(
      "PAYLOAD_INVALID",
    );
    expect(await codeOf(receiver.verify(request(fixture.replace(/ xsi:type="sf:Account"/g, ""))))).toBe(
      "PAYLOAD_INVALID",
    );
  });

  it("never expands entities: billion laughs and external entities are refused", async () => {
    const receiver = salesforce({ organizationId: ORG });
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>${fixture.replace(/^<\?xml[^>]*>/, "").replace("Acme &amp; Sons", "&lol9;")}`;
    const started = Date.now();
    expect(await codeOf(receiver.verify(request(lol)))).toBe("PAYLOAD_INVALID");
    // refused before any expansion: expanding lol9 would take minutes and gigabytes, not seconds
    expect(Date.now() - started).toBeLessThan(10_000);
    const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${fixture.replace(/^<\?xml[^>]*>/, "").replace("Acme &amp; Sons", "&xxe;")}`;
    expect(await codeOf(receiver.verify(request(xxe)))).toBe("PAYLOAD_INVALID");
    // An undeclared entity reference stays inert text; character references are decoded once.
    const inert = fixture.replace("Acme &amp; Sons", "&xxe; &#65;&#x42; &amp;lt;");
    const event = await receiver.verify(request(inert));
    const payload = event.payload as ReturnType<typeof parseOutboundMessage>;
    expect(payload.notifications[0]!.sObject.Name).toBe("&xxe; AB &lt;");
  });

  it("answers with the SOAP acknowledgement through the router, and runs typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { salesforce: salesforce({ organizationId: ORG }) } });
    const names: Array<string | null | undefined> = [];
    hooks.on("salesforce", "sobject.Account", (event) => {
      for (const n of event.payload.notifications) names.push(n.sObject.Name);
    });
    const response = await hooks.handle(request(fixture));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await response.text()).toContain(
      '<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse>',
    );
    expect(names).toEqual(["Acme & Sons", "Globex"]);
    const refused = await hooks.handle(
      await salesforceTestRequest({ secret: "00D000000000099AAA", payload: { Id: "001000000000001AAA" } }),
    );
    expect(refused.status).toBe(401);
    expect(names).toHaveLength(2);
  });

  it("builds test messages that round-trip, with escaping", async () => {
    const request = await salesforceTestRequest({
      secret: ORG,
      event: "sobject.Contact",
      id: "04l000000000009AAA",
      payload: { Id: "003000000000001AAA", Email: "a<b>&c@example.com", Phone: null },
    });
    const event = await salesforce({ organizationId: ORG }).verify(request);
    expect(event.type).toBe("sobject.Contact");
    expect(event.id).toBe("04l000000000009AAA");
    const payload = event.payload as ReturnType<typeof parseOutboundMessage>;
    expect(payload.notifications[0]!.sObject).toEqual({
      Id: "003000000000001AAA",
      Email: "a<b>&c@example.com",
      Phone: null,
    });
    expect(salesforceOutboundMessage({ organizationId: ORG, records: [{ Id: "1" }, { Id: "2" }] })).toMatch(
      /<Notification>.*<Notification>/,
    );
    expect(await salesforceAck().text()).toContain("<Ack>true</Ack>");
  });

  it("acknowledges a redelivered message without running handlers again, and lets a handler answer itself", async () => {
    const hooks = createWebhooks({
      receivers: { salesforce: salesforce({ organizationId: ORG }) },
      idempotency: true,
    });
    let runs = 0;
    hooks.on("salesforce", "sobject.*", () => {
      runs++;
      return runs === 1 ? undefined : salesforceFault("try later");
    });
    const first = await hooks.handle(request(fixture));
    const again = await hooks.handle(request(fixture));
    expect(await again.text()).toContain("<Ack>true</Ack>");
    expect(first.status).toBe(200);
    expect(runs).toBe(1);
    const other = await hooks.handle(
      await salesforceTestRequest({
        secret: ORG,
        id: "04l000000000077AAA",
        payload: { Id: "001000000000009AAA" },
      }),
    );
    expect(other.status).toBe(500);
    expect(await other.text()).toContain("<faultstring>try later</faultstring>");
  });

  it("answers a slow handler early with the SOAP Ack, not a JSON 202 (respondWithin)", async () => {
    const hooks = createWebhooks({
      receivers: { salesforce: salesforce({ organizationId: ORG }) },
      respondWithin: 0,
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    hooks.on("salesforce", "sobject.*", () => gate);
    const response = await hooks.handle(request(fixture));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await response.text()).toContain("<Ack>true</Ack>");
    release();
    await hooks.drain();
  });

  it("dedupes per notification across re-batched redeliveries: handlers see the batch minus those done", async () => {
    const store = memoryIdempotencyStore();
    const hooks = createWebhooks({
      receivers: { salesforce: salesforce({ organizationId: ORG }) },
      idempotency: true,
    });
    const batches: string[][] = [];
    hooks.on(
      "salesforce",
      "sobject.*",
      dedupeNotifications(
        (event) => {
          batches.push(event.payload.notifications.map((n) => n.id));
        },
        { store },
      ),
    );
    const message = (ids: string[]) =>
      request(
        salesforceOutboundMessage({
          organizationId: ORG,
          records: ids.map((_, i) => ({ Id: `00100000000000${i}AAA` })),
          notificationIds: ids,
        }),
      );
    const A = "04l000000000001AAA";
    const B = "04l000000000002AAA";
    const C = "04l000000000003AAA";
    expect((await hooks.handle(message([A, B]))).status).toBe(200);
    // Salesforce re-batches: B again, with a new C. The whole-message id differs, so the router passes it on.
    const rebatched = await hooks.handle(message([B, C]));
    expect(await rebatched.text()).toContain("<Ack>true</Ack>");
    // all done: the handler is not called, Salesforce still gets its Ack
    const allDone = await hooks.handle(message([C, A]));
    expect(await allDone.text()).toContain("<Ack>true</Ack>");
    expect(batches).toEqual([[A, B], [C]]);
  });

  it("with the router's idempotency alone, each notification is processed once across re-batched redeliveries", async () => {
    const hooks = createWebhooks({
      receivers: { salesforce: salesforce({ organizationId: ORG }) },
      idempotency: true,
    });
    const batches: string[][] = [];
    let fault = false;
    hooks.on("salesforce", "sobject.*", (event) => {
      batches.push(event.payload.notifications.map((n) => n.id));
      return fault ? salesforceFault("busy") : undefined;
    });
    const message = (ids: string[]) =>
      request(
        salesforceOutboundMessage({
          organizationId: ORG,
          records: ids.map((_, i) => ({ Id: `00100000000000${i}AAA` })),
          notificationIds: ids,
        }),
      );
    const A = "04l000000000001AAA";
    const B = "04l000000000002AAA";
    const C = "04l000000000003AAA";
    const D = "04l000000000004AAA";
    expect(await (await hooks.handle(message([A, B]))).text()).toContain("<Ack>true</Ack>");
    expect(await (await hooks.handle(message([B, C, C]))).text()).toContain("<Ack>true</Ack>");
    const allDone = await hooks.handle(message([C, A]));
    expect(allDone.status).toBe(200);
    expect(await allDone.text()).toContain("<Ack>true</Ack>");
    // a fault releases the fresh notifications, so Salesforce's retry runs them again
    fault = true;
    expect((await hooks.handle(message([A, D]))).status).toBe(500);
    fault = false;
    expect((await hooks.handle(message([A, D]))).status).toBe(200);
    expect(batches).toEqual([[A, B], [C], [D], [D]]);
    // keys are per organization and notification
    const event = await salesforce({ organizationId: ORG }).verify(message([A, B]));
    expect(event.idempotencyKeys).toEqual([`${ORG.slice(0, 15)}:${A}`, `${ORG.slice(0, 15)}:${B}`]);
  });

  it("releases the claims when the handler fails or answers a fault, so Salesforce's retry runs them", async () => {
    const store = memoryIdempotencyStore();
    const hooks = createWebhooks({ receivers: { salesforce: salesforce({ organizationId: ORG }) } });
    const seen: string[][] = [];
    let mode: "throw" | "fault" | "ok" = "throw";
    hooks.on(
      "salesforce",
      "sobject.*",
      dedupeNotifications(
        (event) => {
          seen.push(event.payload.notifications.map((n) => n.id));
          if (mode === "throw") throw new Error("database down");
          if (mode === "fault") return salesforceFault("busy");
          return undefined;
        },
        { store, name: "sync" },
      ),
    );
    const body = salesforceOutboundMessage({
      organizationId: ORG,
      records: [{ Id: "001000000000001AAA" }],
      notificationIds: ["04l000000000001AAA"],
    });
    expect((await hooks.handle(request(body))).status).toBe(500);
    mode = "fault";
    expect((await hooks.handle(request(body))).status).toBe(500);
    mode = "ok";
    expect((await hooks.handle(request(body))).status).toBe(200);
    expect((await hooks.handle(request(body))).status).toBe(200);
    expect(seen).toEqual([["04l000000000001AAA"], ["04l000000000001AAA"], ["04l000000000001AAA"]]);
  });
});

describe("@hookwire/salesforce/testing", () => {
  it("describes the package for tools: its example organization id signs messages its receiver accepts", async () => {
    expect([descriptor.name, descriptor.encodesJson]).toEqual(["salesforce", true]);
    const request = await descriptor.sign({
      secret: descriptor.exampleSecret!,
      event: "Contact",
      payload: { Id: "003000000000001AAA", Email: "a@example.com" },
    });
    expect((await descriptor.receiver(descriptor.exampleSecret!).verify(request.clone())).type).toBe(
      "sobject.Contact",
    );
    expect(await codeOf(descriptor.receiver("00D000000000099AAA").verify(request))).toBe("SIGNATURE_INVALID");
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as sobject.Account when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("sobject.Account");
  });
});

describe("salesforce() — cases found by the re-run of mutation testing", () => {
  const refusal = async (promise: Promise<unknown>) => {
    const error = (await promise.then(
      () => undefined,
      (e: unknown) => e,
    )) as (Error & { code?: string; cause?: unknown }) | undefined;
    return { code: error?.code, message: error?.message, cause: error?.cause };
  };
  const receiver = salesforce({ organizationId: ORG });

  it("refuses a Notification with two Id elements instead of joining them into one id", async () => {
    const twoIds = fixture.replace(
      "<Id>04l000000000001AAA</Id>",
      "<Id>04l000000000001AAA</Id><Id>04l000000000003AAA</Id>",
    );
    const { code, message } = await refusal(receiver.verify(request(twoIds)));
    expect([code, message]).toEqual([
      "PAYLOAD_INVALID",
      "[@hookwire/salesforce] The body is not a Salesforce outbound message: a Notification with more than one Id.",
    ]);
  });

  it("names a repeated OrganizationId in its refusal", async () => {
    const twoOrgs = fixture.replace(
      `<OrganizationId>${ORG}</OrganizationId>`,
      `<OrganizationId>${ORG}</OrganizationId><OrganizationId>00D000000000099AAA</OrganizationId>`,
    );
    expect((await refusal(receiver.verify(request(twoOrgs)))).message).toBe(
      "[@hookwire/salesforce] The body is not a Salesforce outbound message: more than one OrganizationId or ActionId.",
    );
  });

  it("keeps the XML parser's error as the cause of a malformed body", async () => {
    const { code, cause } = await refusal(receiver.verify(request("<soapenv:Envelope><unclosed>")));
    expect(code).toBe("PAYLOAD_INVALID");
    expect(cause).toBeInstanceOf(Error);
  });

  it("refuses to be created without options, with a coded error", async () => {
    const { code, message } = await refusal((async () => salesforce(undefined as never))());
    expect(code).toBe("CONFIGURATION_INVALID");
    expect(message).toMatch(/organizationId/);
  });

  it("describes itself for tools, its example being the documented message's first record", () => {
    expect([descriptor.packageName, descriptor.secretIs, descriptor.eventOption]).toEqual([
      "@hookwire/salesforce",
      "the organization id (15 or 18 characters)",
      "the sObject type of a JSON record file (Account, Contact…)",
    ]);
    // the first record of the documented message (test/fixtures/outbound-message.xml)
    expect(descriptor.example?.payload).toEqual(parseOutboundMessage(fixture).notifications[0]!.sObject);
  });

  it("writes records and notifications next to each other, with nothing between the elements", () => {
    const xml = salesforceOutboundMessage({
      organizationId: ORG,
      sObjectType: "Account",
      records: [{ Id: "001000000000001AAA", Name: "A" }, { Id: "001000000000002AAA" }],
    });
    expect(xml).toContain(
      "<sf:Id>001000000000001AAA</sf:Id><sf:Name>A</sf:Name></sObject></Notification><Notification>",
    );
  });
});
