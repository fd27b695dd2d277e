import { azureAlerts, azureAlertsTestRequest } from "@hookwire/azure-alerts";
import {
  azureContainerRegistry,
  azureContainerRegistryTestRequest,
} from "@hookwire/azure-container-registry";
import { azureDevops, azureDevopsTestRequest } from "@hookwire/azure-devops";
import { bitbucket, bitbucketTestRequest } from "@hookwire/bitbucket";
import type { Receiver, TestRequestInput } from "@hookwire/core";
import { custom, customTestRequest } from "@hookwire/custom";
import { dropbox, dropboxTestRequest } from "@hookwire/dropbox";
import { dynamicsCrm, dynamicsCrmTestRequest } from "@hookwire/dynamics-crm";
import { genericJson, genericJsonTestRequest } from "@hookwire/generic-json";
import { github } from "@hookwire/github";
import { githubTestRequest } from "@hookwire/github/testing";
import { instagram, instagramTestRequest } from "@hookwire/instagram";
import { kudu, kuduTestRequest } from "@hookwire/kudu";
import { mailchimp, mailchimpTestRequest } from "@hookwire/mailchimp";
import { myget, mygetTestRequest } from "@hookwire/myget";
import { pusher, pusherTestRequest } from "@hookwire/pusher";
import { salesforce, salesforceTestRequest } from "@hookwire/salesforce";
import { slack, slackTestRequest } from "@hookwire/slack";
import { standardWebhooks, standardWebhooksTestRequest } from "@hookwire/standard-webhooks";
import { stripe, stripeTestRequest } from "@hookwire/stripe";
import { trello, trelloTestRequest } from "@hookwire/trello";
import { wordpress, wordpressTestRequest } from "@hookwire/wordpress";
import { zendesk, zendeskTestRequest } from "@hookwire/zendesk";

/**
 * One provider the CLI can sign for and listen to.
 *
 * @example
 * ```ts
 * const entry: CliProvider = { sign: githubTestRequest, receiver: (secret) => github({ secret }) };
 * ```
 */
export interface CliProvider {
  /** A signed request for a secret and a payload (the provider package's test helper). */
  sign(input: TestRequestInput): Promise<Request>;
  /** A receiver verifying with a secret (for `hookwire listen`). */
  receiver(secret: string): Receiver<any, string>;
  /** What `--event` sets, for providers that carry the type outside the body (shown in help). */
  eventOption?: string;
  /**
   * The provider's body is not JSON (a form, a SOAP message): a JSON payload file is parsed and
   * handed to the signer as an object, which encodes it as the provider does. Other providers send
   * the file's bytes exactly.
   */
  encodesJson?: boolean;
  /** What the secret is, when it is not a signing secret (shown in help). */
  secretIs?: string;
}

const CODE = "the ?code= query secret (32–128 characters)";
// `hookwire listen` serves plain http on this machine, so its ?code= receivers accept http (allowHttp).

/** Meta's `<app secret>[:<verify token>]` (the token answers the GET subscription handshake). */
function metaReceiver(secret: string) {
  const colon = secret.indexOf(":");
  return colon < 0
    ? instagram({ appSecret: secret, verifyToken: secret })
    : instagram({ appSecret: secret.slice(0, colon), verifyToken: secret.slice(colon + 1) });
}
const META = "the app secret (listen: <app secret>:<verify token>)";

/**
 * Every provider package whose scheme uses a shared secret, by the name used on the command line
 * (`hookwire sign <name>`, `--receiver <name>=<secret>`). Adding a provider is one entry.
 *
 * @example
 * ```ts
 * const request = await providers.github!.sign({ secret: "s", payload: "{}", event: "ping" });
 * ```
 */
export const providers: Record<string, CliProvider> = {
  github: {
    sign: githubTestRequest,
    receiver: (secret) => github({ secret }),
    eventOption: "X-GitHub-Event (issues, push…)",
  },
  stripe: { sign: stripeTestRequest, receiver: (secret) => stripe({ secret }) },
  "standard-webhooks": {
    sign: standardWebhooksTestRequest,
    receiver: (secret) => standardWebhooks({ secret }),
  },
  slack: { sign: slackTestRequest, receiver: (secret) => slack({ secret }) },
  dropbox: { sign: dropboxTestRequest, receiver: (secret) => dropbox({ secret }) },
  trello: { sign: trelloTestRequest, receiver: (secret) => trello({ secret }) },
  pusher: { sign: pusherTestRequest, receiver: (secret) => pusher({ secret }) },
  bitbucket: {
    sign: bitbucketTestRequest,
    receiver: (secret) => bitbucket({ secret }),
    eventOption: "X-Event-Key (repo:push, pullrequest:created…)",
  },
  zendesk: { sign: zendeskTestRequest, receiver: (secret) => zendesk({ secret }) },
  instagram: { sign: instagramTestRequest, receiver: metaReceiver, secretIs: META },
  meta: { sign: instagramTestRequest, receiver: metaReceiver, secretIs: META },
  custom: {
    sign: customTestRequest,
    receiver: (secret) => custom({ secret }),
    secretIs: "the ASP.NET WebHooks sender's secret (ms-signature)",
  },
  salesforce: {
    sign: salesforceTestRequest,
    receiver: (organizationId) => salesforce({ organizationId }),
    secretIs: "the organization id (15 or 18 characters)",
    eventOption: "the sObject type of a JSON record file (Account, Contact…)",
    encodesJson: true,
  },
  "azure-alerts": {
    sign: azureAlertsTestRequest,
    receiver: (code) => azureAlerts({ code, allowHttp: true }),
    secretIs: CODE,
  },
  "azure-container-registry": {
    sign: azureContainerRegistryTestRequest,
    receiver: (code) => azureContainerRegistry({ code, allowHttp: true }),
    secretIs: CODE,
  },
  "azure-devops": {
    sign: azureDevopsTestRequest,
    receiver: (code) => azureDevops({ code, allowHttp: true }),
    secretIs: CODE,
  },
  "dynamics-crm": {
    sign: dynamicsCrmTestRequest,
    receiver: (code) => dynamicsCrm({ code, allowHttp: true }),
    secretIs: CODE,
  },
  "generic-json": {
    sign: genericJsonTestRequest,
    receiver: (code) => genericJson({ code, allowHttp: true }),
    secretIs: CODE,
  },
  kudu: { sign: kuduTestRequest, receiver: (code) => kudu({ code, allowHttp: true }), secretIs: CODE },
  mailchimp: {
    sign: mailchimpTestRequest,
    receiver: (code) => mailchimp({ code, allowHttp: true }),
    secretIs: CODE,
    encodesJson: true,
  },
  myget: { sign: mygetTestRequest, receiver: (code) => myget({ code, allowHttp: true }), secretIs: CODE },
  wordpress: {
    sign: wordpressTestRequest,
    receiver: (code) => wordpress({ code, allowHttp: true }),
    secretIs: CODE,
    encodesJson: true,
  },
};
