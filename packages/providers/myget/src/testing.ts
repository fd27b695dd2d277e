import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { myget } from "./receiver.js";

/**
 * MyGet for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/myget/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  ...codeSecretDescriptor({
    name: "myget",
    packageName: "@hookwire/myget",
    receiver: (code) => myget({ code, allowHttp: true }),
  }),
  example: {
    payload: {
      Identifier: "7b2e3a4d-6f8c-4b1a-9c2d-3e4f5a6b7c8d",
      Username: "maartenba",
      When: "2014-09-08T13:01:18.8140063Z",
      PayloadType: "PackageAddedWebHookEventPayloadV1",
      Payload: {
        PackageType: "NuGet",
        PackageIdentifier: "GoogleAnalyticsTracker.Simple",
        PackageVersion: "1.0.0-CI00002",
        TargetFramework: "net40",
        Size: 5440,
        Authors: "Maarten Balliauw",
        Description: "GoogleAnalyticsTracker — ünïcödé description",
        LicenseUrl: "http://github.com/maartenba/GoogleAnalyticsTracker/blob/master/LICENSE.md",
        Tags: "google analytics ga mvc api rest client tracker stats statistics track",
        Dependencies: [
          {
            PackageIdentifier: "GoogleAnalyticsTracker.Core",
            PackageVersion: "(≥ 2.0.5364.25176)",
            TargetFramework: ".NETFramework,Version=v4.0.0.0",
          },
        ],
        FeedIdentifier: "sample-feed",
        FeedUrl: "https://www.myget.org/F/sample-feed/",
      },
    },
  },
};

/**
 * A MyGet webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { mygetTestRequest } from "@hookwire/myget/testing";
 * const request = await mygetTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const mygetTestRequest: TestRequestSigner = descriptor.sign;
