import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { dynamicsCrm } from "./receiver.js";

/**
 * Dynamics 365 (CRM) for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/dynamics-crm/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = codeSecretDescriptor({
  name: "dynamics-crm",
  packageName: "@hookwire/dynamics-crm",
  receiver: (code) => dynamicsCrm({ code, allowHttp: true }),
});

/**
 * A Dynamics 365 (CRM) webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { dynamicsCrmTestRequest } from "@hookwire/dynamics-crm/testing";
 * const request = await dynamicsCrmTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const dynamicsCrmTestRequest: TestRequestSigner = descriptor.sign;
