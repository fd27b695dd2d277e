import { readFileSync } from "node:fs";
import { createWebhooks } from "@hookwire/core";
import { codeOf, runCodeSecretConformance, runLocalHttpDescriptorCheck } from "@hookwire/test-utils";
import { describe, expect, it } from "vitest";
import { dynamicsCrm } from "./receiver.js";
import { descriptor, dynamicsCrmTestRequest } from "./testing.js";

const CODE = "c0de-c0de-c0de-c0de-c0de-c0de-c0de-42";
const fixture = readFileSync(new URL("../test/fixtures/create-account.json", import.meta.url), "utf8");

describe("dynamicsCrm()", () => {
  const receiver = dynamicsCrm({ code: CODE });

  it("verifies the code and reads the documented payload's type and id", async () => {
    const event = await receiver.verify(await dynamicsCrmTestRequest({ secret: CODE, payload: fixture }));
    expect(event.provider).toBe("dynamics-crm");
    expect(event.type).toBe("Create.account");
    expect(event.id).toBe("b3e4b2b0-2c3d-4e5f-8a9b-0c1d2e3f4a5b");
    expect(event.meta.correlationId).toBe("6f7b3fc9-3d8f-4c6d-8d5c-a5ef9c3b7e21");
    expect(event.meta.truncated).toBe(false);
    expect(event.meta.organizationName).toBe("contoso");
  });

  it("with idempotency, runs handlers for each operation of a chain that shares one CorrelationId", async () => {
    const hooks = createWebhooks({ receivers: { "dynamics-crm": receiver }, idempotency: true });
    const seen: string[] = [];
    hooks.on("dynamics-crm", "*", (event) => {
      seen.push(event.type);
    });
    // a Create, then an Update a plug-in made in reaction to it (Depth 2): same CorrelationId, no ids
    const create = { ...JSON.parse(fixture), OperationId: "00000000-0000-0000-0000-000000000000" };
    const chained = { ...create, MessageName: "Update", PrimaryEntityName: "contact", Depth: 2 };
    for (const payload of [create, chained]) {
      const response = await hooks.handle(await dynamicsCrmTestRequest({ secret: CODE, payload }));
      expect(response.status).toBe(200);
    }
    expect(seen).toEqual(["Create.account", "Update.contact"]);
    // an asynchronous step redelivered with the same OperationId is still a duplicate
    const async = JSON.parse(fixture);
    await hooks.handle(await dynamicsCrmTestRequest({ secret: CODE, payload: async }));
    await hooks.handle(await dynamicsCrmTestRequest({ secret: CODE, payload: async }));
    expect(seen).toEqual(["Create.account", "Update.contact", "Create.account"]);
  });

  it("prefers RequestId, skips zero GUIDs, and names a message without an entity by MessageName alone", async () => {
    const verify = async (change: Record<string, unknown>) =>
      receiver.verify(
        await dynamicsCrmTestRequest({ secret: CODE, payload: { ...JSON.parse(fixture), ...change } }),
      );
    expect((await verify({ RequestId: "aaaaaaaa-0000-0000-0000-000000000001" })).id).toBe(
      "aaaaaaaa-0000-0000-0000-000000000001",
    );
    expect((await verify({ RequestId: "00000000-0000-0000-0000-000000000000" })).id).toBe(
      "b3e4b2b0-2c3d-4e5f-8a9b-0c1d2e3f4a5b",
    );
    expect((await verify({ RequestId: "" })).id).toBe("b3e4b2b0-2c3d-4e5f-8a9b-0c1d2e3f4a5b");
    expect((await verify({ PrimaryEntityName: "none", MessageName: "WhoAmI" })).type).toBe("WhoAmI");
    expect((await verify({ PrimaryEntityName: "" })).type).toBe("Create");
    expect((await verify({ PrimaryEntityName: 7 })).type).toBe("Create");
    expect(await codeOf(verify({ MessageName: "" }))).toBe("PAYLOAD_INVALID");
  });

  it("refuses invalid options", () => {
    expect(() => dynamicsCrm({ header: {} })).toThrow(/at least one non-empty name/);
    expect(() => dynamicsCrm({ header: { "x-api-key": "" } })).toThrow(/is empty/);
  });

  it("refuses a wrong content type and a malformed body with coded errors", async () => {
    const wrongType = await dynamicsCrmTestRequest({
      secret: CODE,
      payload: fixture,
      headers: { "content-type": "text/plain" },
    });
    expect(await codeOf(receiver.verify(wrongType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(receiver.verify(await dynamicsCrmTestRequest({ secret: CODE, payload: "{not json" }))),
    ).toBe("PAYLOAD_INVALID");
  });

  it("works in the router with typed handlers", async () => {
    const hooks = createWebhooks({ receivers: { dynamics_crm: receiver } });
    const seen: string[] = [];
    hooks.on("dynamics_crm", "Create.account", (event) => {
      seen.push(event.type);
    });
    const request = await dynamicsCrmTestRequest({
      secret: CODE,
      payload: fixture,
      url: "https://example.com/webhooks/dynamics_crm",
    });
    expect((await hooks.handle(request)).status).toBe(200);
    expect(seen).toEqual(["Create.account"]);
  });

  it("supports Dataverse's HttpHeader authentication type, in constant time", async () => {
    const byHeader = dynamicsCrm({ header: { "x-api-key": ["old-key", "new-key"] } });
    const request = (headers: Record<string, string>) =>
      new Request("https://example.com/webhooks/dynamics-crm", {
        method: "POST",
        body: fixture,
        headers: { "content-type": "application/json", ...headers },
      });
    expect((await byHeader.verify(request({ "x-api-key": "new-key" }))).type).toBe("Create.account");
    expect(await codeOf(byHeader.verify(request({ "x-api-key": "new-kez" })))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(byHeader.verify(request({})))).toBe("SIGNATURE_MISSING");
  });

  it("supports Dataverse's HttpQueryString authentication type", async () => {
    const byQuery = dynamicsCrm({ queryString: { key: "query-secret-value" } });
    const request = (query: string) =>
      new Request(`https://example.com/webhooks/dynamics-crm${query}`, {
        method: "POST",
        body: fixture,
        headers: { "content-type": "application/json" },
      });
    expect((await byQuery.verify(request("?key=query-secret-value"))).id).toBe(
      "b3e4b2b0-2c3d-4e5f-8a9b-0c1d2e3f4a5b",
    );
    expect(await codeOf(byQuery.verify(request("?key=query-secret-valuf")))).toBe("SIGNATURE_INVALID");
    expect(await codeOf(byQuery.verify(request("?other=query-secret-value")))).toBe("SIGNATURE_MISSING");
  });

  it("names events by message alone as an option, and never takes CorrelationId for the id", async () => {
    const context = JSON.parse(fixture);
    context.MessageName = "Update";
    context.PrimaryEntityName = "contact";
    context.OperationId = "00000000-0000-0000-0000-000000000000";
    const request = () => dynamicsCrmTestRequest({ secret: CODE, payload: context });
    const event = await receiver.verify(await request());
    expect(event.type).toBe("Update.contact");
    expect(event.id).toBeUndefined();
    expect(event.meta.correlationId).toBe("6f7b3fc9-3d8f-4c6d-8d5c-a5ef9c3b7e21");
    expect((await dynamicsCrm({ code: CODE, typeFormat: "message" }).verify(await request())).type).toBe(
      "Update",
    );
    const truncated = await dynamicsCrmTestRequest({
      secret: CODE,
      payload: context,
      headers: { "x-ms-dynamics-msg-size-exceeded": "true" },
    });
    expect((await receiver.verify(truncated)).meta.truncated).toBe(true);
  });

  it("refuses a missing content type, a JSON array and a body without the event type", async () => {
    const noType = new Request(`https://example.com/webhooks/dynamics-crm?code=${CODE}`, {
      method: "POST",
      body: new TextEncoder().encode(fixture),
    });
    expect(await codeOf(receiver.verify(noType))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(
      await codeOf(receiver.verify(await dynamicsCrmTestRequest({ secret: CODE, payload: [1, 2] }))),
    ).toBe("PAYLOAD_INVALID");
    const withoutType = JSON.parse(fixture);
    delete withoutType.MessageName;
    expect(
      await codeOf(receiver.verify(await dynamicsCrmTestRequest({ secret: CODE, payload: withoutType }))),
    ).toBe("PAYLOAD_INVALID");
  });
});

runCodeSecretConformance({
  name: "dynamics-crm",
  create: (options) => dynamicsCrm(options),
  testRequest: dynamicsCrmTestRequest,
  payload: fixture,
  type: "Create.account",
});

describe("dynamicsCrm() — cases found by mutation testing", () => {
  const P = "[@hookwire/dynamics-crm]";
  const base = JSON.parse(fixture) as Record<string, unknown>;
  const receiver = dynamicsCrm({ code: CODE });
  const verify = async (change: Record<string, unknown>, r = receiver) =>
    r.verify(await dynamicsCrmTestRequest({ secret: CODE, payload: { ...base, ...change } }));

  it("accepts any one of code, basicAuth, header or queryString, and refuses none with the fix", () => {
    expect(() => dynamicsCrm({})).toThrow(
      `${P} Configure a secret: { code: "<32–128 characters>" } for the WebhookKey authentication type, { header: { "<name>": "<value>" } } for HttpHeader, or { queryString: { "<name>": "<value>" } } for HttpQueryString.`,
    );
    expect(() => dynamicsCrm(undefined as never)).toThrow(/Configure a secret/);
    expect(() => dynamicsCrm({ code: CODE })).not.toThrow();
    expect(() => dynamicsCrm({ basicAuth: { username: "u", password: "p" } })).not.toThrow();
    expect(() => dynamicsCrm({ header: { "x-api-key": "k" } })).not.toThrow();
    expect(() => dynamicsCrm({ queryString: { key: "k" } })).not.toThrow();
    expect(() => dynamicsCrm({ queryString: {} })).toThrow(/at least one non-empty name/);
    expect(() => dynamicsCrm({ code: CODE, typeFormat: "entity" as never })).toThrow(
      `${P} typeFormat must be "messageAndEntity" or "message". Pass { typeFormat: "message" } for ASP.NET WebHooks' names.`,
    );
    expect(() => dynamicsCrm({ code: CODE, typeFormat: "message" })).not.toThrow();
    expect(() => dynamicsCrm({ code: CODE, typeFormat: "messageAndEntity" })).not.toThrow();
  });

  it("requires every configured secret: header and query string together", async () => {
    const both = dynamicsCrm({ header: { "x-api-key": "hk" }, queryString: { key: "qk" } });
    const request = (query: string, key?: string) =>
      new Request(`https://example.com/webhooks/dynamics-crm${query}`, {
        method: "POST",
        body: fixture,
        headers: { "content-type": "application/json", ...(key ? { "x-api-key": key } : {}) },
      });
    expect((await both.verify(request("?key=qk", "hk"))).type).toBe("Create.account");
    await expect(both.verify(request("?key=qx", "hk"))).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The 'key' query parameter does not match.`,
    });
    await expect(both.verify(request("?key=qk", "hx"))).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
      message: `${P} The x-api-key header does not match.`,
    });
  });

  it("takes the first non-empty, non-zero string of RequestId, OperationId", async () => {
    const zero = "00000000-0000-0000-0000-000000000000";
    expect((await verify({ RequestId: 5, OperationId: "op-1" })).id).toBe("op-1");
    expect((await verify({ RequestId: zero, OperationId: zero })).id).toBeUndefined();
    expect((await verify({ RequestId: "", OperationId: "" })).id).toBeUndefined();
    expect((await verify({ RequestId: undefined, OperationId: undefined })).id).toBeUndefined();
    expect((await verify({ RequestId: "r-1", OperationId: "op-1" })).id).toBe("r-1");
  });

  it("refuses a body without a string MessageName with the package's message", async () => {
    for (const MessageName of [undefined, "", 4]) {
      await expect(verify({ MessageName })).rejects.toMatchObject({
        code: "PAYLOAD_INVALID",
        message: `${P} The body has no "MessageName".`,
      });
    }
  });

  it("names by message alone with typeFormat message, and keeps the execution context in meta", async () => {
    expect((await verify({}, dynamicsCrm({ code: CODE, typeFormat: "message" }))).type).toBe("Create");
    expect((await verify({}, dynamicsCrm({ code: CODE, typeFormat: "messageAndEntity" }))).type).toBe(
      "Create.account",
    );
    const event = await verify({
      OrganizationName: "org",
      OrganizationId: "org-id",
      CorrelationId: "c-1",
      Depth: 2,
      Stage: 40,
      Mode: 1,
    });
    expect(event.meta).toEqual({
      organizationName: "org",
      organizationId: "org-id",
      correlationId: "c-1",
      depth: 2,
      stage: 40,
      mode: 1,
      truncated: false,
    });
    const truncated = await receiver.verify(
      await dynamicsCrmTestRequest({
        secret: CODE,
        payload: fixture,
        headers: { "x-ms-dynamics-msg-size-exceeded": "" },
      }),
    );
    expect(truncated.meta.truncated).toBe(true);
  });

  it("enforces maxBodyBytes on a Web Request", async () => {
    expect(await codeOf(verify({}, dynamicsCrm({ code: CODE, maxBodyBytes: 8 })))).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("dynamicsCrm() queryString over plain http", () => {
  it("follows the https rule of ?code= receivers: refused, unless allowHttp or trustProxy with X-Forwarded-Proto https", async () => {
    const request = (headers: Record<string, string> = {}) =>
      new Request("http://example.com/webhooks/dynamics-crm?key=query-secret-value", {
        method: "POST",
        body: fixture,
        headers: { "content-type": "application/json", ...headers },
      });
    const queryString = { key: "query-secret-value" };
    expect(await codeOf(dynamicsCrm({ queryString }).verify(request()))).toBe("HTTPS_REQUIRED");
    expect((await dynamicsCrm({ queryString, allowHttp: true }).verify(request())).type).toBe(
      "Create.account",
    );
    const proxied = dynamicsCrm({ queryString, trustProxy: true });
    expect((await proxied.verify(request({ "x-forwarded-proto": "https" }))).type).toBe("Create.account");
    expect(await codeOf(proxied.verify(request({ "x-forwarded-proto": "http" })))).toBe("HTTPS_REQUIRED");
  });
});

describe("descriptor.example", () => {
  it("is a delivery the descriptor's own receiver reads as Create.account when its signer signs it", async () => {
    const secret = descriptor.exampleSecret ?? "d".repeat(40);
    const request = await descriptor.sign({ secret, ...descriptor.example! });
    expect((await descriptor.receiver(secret).verify(request)).type).toBe("Create.account");
  });
});

describe("dynamics-crm — the descriptor's example (third mutation run)", () => {
  it("is the documented delivery of test/fixtures/create-account.json", () => {
    const documented = JSON.parse(
      readFileSync(new URL("../test/fixtures/create-account.json", import.meta.url), "utf8"),
    );
    expect(descriptor.example?.payload).toEqual(documented);
  });
});

describe("dynamics-crm — the descriptor (third mutation run)", () =>
  runLocalHttpDescriptorCheck(descriptor, new URL("../package.json", import.meta.url)));

describe("dynamics-crm — cases found by the third mutation run", () => {
  it("names the header and queryString options in their setup refusals, and typeFormat's with its code", () => {
    expect(() => dynamicsCrm({ header: {} })).toThrow(
      '[@hookwire/dynamics-crm] The header option needs at least one non-empty name. Pass { header: { "x-api-key": process.env.… } }.',
    );
    expect(() => dynamicsCrm({ queryString: {} })).toThrow(
      '[@hookwire/dynamics-crm] The queryString option needs at least one non-empty name. Pass { queryString: { "x-api-key": process.env.… } }.',
    );
    expect(() => dynamicsCrm({ code: "c".repeat(32), typeFormat: "entity" as never })).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });
});
