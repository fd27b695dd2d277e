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
export const descriptor: ProviderDescriptor = {
  ...codeSecretDescriptor({
    name: "wordpress",
    packageName: "@hookwire/wordpress",
    receiver: (code) => wordpress({ code, allowHttp: true }),
    form: true,
  }),
  example: {
    payload: {
      hook: "publish_post",
      ID: "42",
      post_author: "1",
      post_date: "2026-01-02 10:00:00",
      post_title: "Héllo wörld",
      post_content: "First post\r\nline two",
      post_status: "publish",
      post_name: "hello-world",
      post_type: "post",
      post_url: "https://example.wordpress.com/2026/01/02/hello-world/",
    },
  },
};

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
