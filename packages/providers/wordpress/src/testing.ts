import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { wordpress } from "./receiver.js";

/**
 * WordPress for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/wordpress/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = codeSecretDescriptor({
  name: "wordpress",
  packageName: "@hookwire/wordpress",
  receiver: (code) => wordpress({ code, allowHttp: true }),
  form: true,
});

/**
 * A WordPress webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as a form body (nested keys in brackets).
 *
 * @example
 * ```ts
 * import { wordpressTestRequest } from "@hookwire/wordpress/testing";
 * const request = await wordpressTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const wordpressTestRequest: TestRequestSigner = descriptor.sign;
