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
export const descriptor: ProviderDescriptor = {
  ...codeSecretDescriptor({
    name: "kudu",
    packageName: "@hookwire/kudu",
    receiver: (code) => kudu({ code, allowHttp: true }),
  }),
  example: {
    payload: {
      id: "982843aff56d37f2bfb9f532a9c0465031f4172d",
      status: "success",
      statusText: "",
      authorEmail: "someone@example.com",
      author: "Someone",
      progress: "",
      deployer: "Someone",
      receivedTime: "2015-12-16T00:52:07.7240633Z",
      startTime: "2016-02-27T17:44:25.8567966Z",
      endTime: "2016-02-27T17:44:38.7148521Z",
      lastSuccessEndTime: "2016-02-27T17:44:38.7148521Z",
      complete: true,
      siteName: "my-site",
      hostName: "my-site.scm.azurewebsites.net",
      message: "My fix",
    },
  },
};

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
