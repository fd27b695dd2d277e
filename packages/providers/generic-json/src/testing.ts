import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { genericJson } from "./receiver.js";

/**
 * generic JSON (IFTTT, Zapier…) for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/generic-json/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  ...codeSecretDescriptor({
    name: "generic-json",
    packageName: "@hookwire/generic-json",
    receiver: (code) => genericJson({ code, allowHttp: true }),
    eventOption: "the ?action= query parameter (the event type)",
    // ASP.NET's `?action=` names the event
    shape: (input) => {
      const url = new URL(input.url ?? "https://example.com/webhooks/generic-json");
      if (input.event) url.searchParams.set("action", input.event);
      return { url: url.toString() };
    },
  }),
  example: {
    payload: {
      value1: "A tweet with ünïcödé",
      value2: "https://example.com/status/1",
      value3: "2026-01-02 10:00",
    },
    event: "tweet",
  },
};

/**
 * A generic JSON (IFTTT, Zapier…) webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { genericJsonTestRequest } from "@hookwire/generic-json/testing";
 * const request = await genericJsonTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const genericJsonTestRequest: TestRequestSigner = descriptor.sign;
