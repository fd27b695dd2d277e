import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { kudu } from "./receiver.js";

/**
 * Kudu (Azure App Service deployments) for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/kudu/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = codeSecretDescriptor({
  name: "kudu",
  packageName: "@hookwire/kudu",
  receiver: (code) => kudu({ code, allowHttp: true }),
});

/**
 * A Kudu (Azure App Service deployments) webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { kuduTestRequest } from "@hookwire/kudu/testing";
 * const request = await kuduTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const kuduTestRequest: TestRequestSigner = descriptor.sign;
