import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { azureAlerts } from "./receiver.js";

/**
 * Azure Monitor alert for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/azure-alerts/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = codeSecretDescriptor({
  name: "azure-alerts",
  packageName: "@hookwire/azure-alerts",
  receiver: (code) => azureAlerts({ code, allowHttp: true }),
});

/**
 * A Azure Monitor alert webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { azureAlertsTestRequest } from "@hookwire/azure-alerts/testing";
 * const request = await azureAlertsTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const azureAlertsTestRequest: TestRequestSigner = descriptor.sign;
