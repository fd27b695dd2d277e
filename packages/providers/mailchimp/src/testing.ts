import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { mailchimp } from "./receiver.js";

/**
 * Mailchimp for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/mailchimp/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  ...codeSecretDescriptor({
    name: "mailchimp",
    packageName: "@hookwire/mailchimp",
    receiver: (code) => mailchimp({ code, allowHttp: true }),
    form: true,
  }),
  example: {
    payload: {
      type: "subscribe",
      fired_at: "2009-03-26 21:35:57",
      data: {
        id: "8a25ff1d98",
        list_id: "a6b5da1054",
        email: "api@mailchimp.com",
        email_type: "html",
        merges: { EMAIL: "api@mailchimp.com", FNAME: "Mailchimp", LNAME: "API", INTERESTS: "Group1,Group2" },
        ip_opt: "10.20.10.30",
        ip_signup: "10.20.10.30",
      },
    },
  },
};

/**
 * A Mailchimp webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as a form body (nested keys in brackets).
 *
 * @example
 * ```ts
 * import { mailchimpTestRequest } from "@hookwire/mailchimp/testing";
 * const request = await mailchimpTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const mailchimpTestRequest: TestRequestSigner = descriptor.sign;
