import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { azureDevops } from "./receiver.js";

/**
 * Azure DevOps service hook for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/azure-devops/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  ...codeSecretDescriptor({
    name: "azure-devops",
    packageName: "@hookwire/azure-devops",
    receiver: (code) => azureDevops({ code, allowHttp: true }),
  }),
  example: {
    payload: {
      subscriptionId: "4f6e6328-0251-4814-a009-c01dfa368e3f",
      notificationId: 1,
      id: "33433986-7f56-4969-bfd4-3e59774c75ad",
      eventType: "build.complete",
      publisherId: "tfs",
      message: {
        text: "Build 20221202.1 succeeded",
        markdown:
          "Build [20221202.1](https://dev.azure.com/FabrikamFiber/web/build.aspx?pcguid=54d02617-2ebd-42b0-b1e2-257059c4c03d&builduri=vstfs%3a%2f%2f%2fBuild%2fBuild%2f2727068) succeeded",
      },
      detailedMessage: { text: "Build 20221202.1 succeeded" },
      resource: {
        id: 2727068,
        buildNumber: "20221202.1",
        status: "completed",
        result: "succeeded",
        url: "https://dev.azure.com/FabrikamFiber/16dcfeeb-d8fd-495c-917b-fec46cb44fbb/_apis/build/Builds/2727068",
        definition: { id: 1, name: "FabrikamFiber CI" },
      },
      resourceVersion: "2.0",
      resourceContainers: {
        collection: { id: "c12d0eb8-e382-443b-9f9c-c52cba5014c2" },
        account: { id: "f844ec47-a9db-4511-8281-8b63f4eaf94e" },
        project: { id: "be9b3917-87e6-42a4-a549-2bc06a7a878f" },
      },
      createdDate: "2022-12-02T10:00:00.000Z",
    },
  },
};

/**
 * A Azure DevOps service hook webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { azureDevopsTestRequest } from "@hookwire/azure-devops/testing";
 * const request = await azureDevopsTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const azureDevopsTestRequest: TestRequestSigner = descriptor.sign;
