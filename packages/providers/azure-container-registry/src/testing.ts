import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { azureContainerRegistry } from "./receiver.js";

/**
 * Azure Container Registry for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/azure-container-registry/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  ...codeSecretDescriptor({
    name: "azure-container-registry",
    packageName: "@hookwire/azure-container-registry",
    receiver: (code) => azureContainerRegistry({ code, allowHttp: true }),
  }),
  example: {
    payload: {
      id: "cb8c3971-9adc-488b-xxxx-43cbb4974ff5",
      timestamp: "2017-11-17T16:52:01.343145347Z",
      action: "push",
      target: {
        mediaType: "application/vnd.docker.distribution.manifest.v2+json",
        size: 524,
        digest: "sha256:xxxxd5c8786bb9e621a45ece0dbxxxx1cdc624ad20da9fe62e9d25490f33xxxx",
        length: 524,
        repository: "hello-world",
        tag: "v1",
      },
      request: {
        id: "3cbb6949-7549-4fa1-xxxx-a6d5451dffc7",
        host: "myregistry.azurecr.io",
        method: "PUT",
        useragent:
          "docker/17.09.0-ce go/go1.8.3 git-commit/afdb6d4 kernel/4.10.0-27-generic os/linux arch/amd64 UpstreamClient(Docker-Client/17.09.0-ce \\(linux\\))",
      },
    },
  },
};

/**
 * A Azure Container Registry webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { azureContainerRegistryTestRequest } from "@hookwire/azure-container-registry/testing";
 * const request = await azureContainerRegistryTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const azureContainerRegistryTestRequest: TestRequestSigner = descriptor.sign;
