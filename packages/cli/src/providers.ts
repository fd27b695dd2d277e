import { descriptor as azureAlerts } from "@hookwire/azure-alerts/testing";
import { descriptor as azureContainerRegistry } from "@hookwire/azure-container-registry/testing";
import { descriptor as azureDevops } from "@hookwire/azure-devops/testing";
import { bitbucket } from "@hookwire/bitbucket";
import { bitbucketTestRequest } from "@hookwire/bitbucket/testing";
import type { ProviderDescriptor } from "@hookwire/core";
import { custom } from "@hookwire/custom";
import { customTestRequest } from "@hookwire/custom/testing";
import { dropbox } from "@hookwire/dropbox";
import { dropboxTestRequest } from "@hookwire/dropbox/testing";
import { descriptor as dynamicsCrm } from "@hookwire/dynamics-crm/testing";
import { descriptor as genericJson } from "@hookwire/generic-json/testing";
import { descriptor as github } from "@hookwire/github/testing";
import { instagram } from "@hookwire/instagram";
import { instagramTestRequest } from "@hookwire/instagram/testing";
import { descriptor as kudu } from "@hookwire/kudu/testing";
import { descriptor as mailchimp } from "@hookwire/mailchimp/testing";
import { descriptor as myget } from "@hookwire/myget/testing";
import { pusher } from "@hookwire/pusher";
import { pusherTestRequest } from "@hookwire/pusher/testing";
import { salesforce } from "@hookwire/salesforce";
import { salesforceTestRequest } from "@hookwire/salesforce/testing";
import { slack } from "@hookwire/slack";
import { slackTestRequest } from "@hookwire/slack/testing";
import { standardWebhooks } from "@hookwire/standard-webhooks";
import { standardWebhooksTestRequest } from "@hookwire/standard-webhooks/testing";
import { stripe } from "@hookwire/stripe";
import { stripeTestRequest } from "@hookwire/stripe/testing";
import { trello } from "@hookwire/trello";
import { trelloTestRequest } from "@hookwire/trello/testing";
import { descriptor as wordpress } from "@hookwire/wordpress/testing";
import { zendesk } from "@hookwire/zendesk";
import { zendeskTestRequest } from "@hookwire/zendesk/testing";

/**
 * One provider the CLI can sign for and listen to: the provider package's own descriptor.
 *
 * @example
 * ```ts
 * const entry: CliProvider = providers.github!;
 * ```
 */
export type CliProvider = ProviderDescriptor;

/** Meta's `<app secret>[:<verify token>]` (the token answers the GET subscription handshake). */
function metaReceiver(secret: string) {
  const colon = secret.indexOf(":");
  return colon < 0
    ? instagram({ appSecret: secret, verifyToken: secret })
    : instagram({ appSecret: secret.slice(0, colon), verifyToken: secret.slice(colon + 1) });
}

/**
 * Every provider package the CLI signs, sends and listens for, as the packages describe themselves
 * (`descriptor` from `@hookwire/<provider>/testing`). Adding a provider is one import.
 */
export const descriptors: readonly ProviderDescriptor[] = [
  github,
  {
    name: "stripe",
    packageName: "@hookwire/stripe",
    sign: stripeTestRequest,
    receiver: (secret) => stripe({ secret }),
  },
  {
    name: "standard-webhooks",
    packageName: "@hookwire/standard-webhooks",
    sign: standardWebhooksTestRequest,
    receiver: (secret) => standardWebhooks({ secret }),
    exampleSecret: `whsec_${btoa("hookwire-example-secret-32-bytes")}`,
  },
  {
    name: "slack",
    packageName: "@hookwire/slack",
    sign: slackTestRequest,
    receiver: (secret) => slack({ secret }),
  },
  {
    name: "dropbox",
    packageName: "@hookwire/dropbox",
    sign: dropboxTestRequest,
    receiver: (secret) => dropbox({ secret }),
  },
  {
    name: "trello",
    packageName: "@hookwire/trello",
    sign: trelloTestRequest,
    receiver: (secret) => trello({ secret }),
  },
  {
    name: "pusher",
    packageName: "@hookwire/pusher",
    sign: pusherTestRequest,
    receiver: (secret) => pusher({ secret }),
  },
  {
    name: "bitbucket",
    packageName: "@hookwire/bitbucket",
    sign: bitbucketTestRequest,
    receiver: (secret) => bitbucket({ secret }),
    eventOption: "X-Event-Key (repo:push, pullrequest:created…)",
  },
  {
    name: "zendesk",
    packageName: "@hookwire/zendesk",
    sign: zendeskTestRequest,
    receiver: (secret) => zendesk({ secret }),
  },
  {
    name: "instagram",
    aliases: ["meta"],
    packageName: "@hookwire/instagram",
    sign: instagramTestRequest,
    receiver: metaReceiver,
    secretIs: "the app secret (listen: <app secret>:<verify token>)",
  },
  {
    name: "custom",
    packageName: "@hookwire/custom",
    sign: customTestRequest,
    receiver: (secret) => custom({ secret }),
    secretIs: "the ASP.NET WebHooks sender's secret (ms-signature)",
  },
  {
    name: "salesforce",
    packageName: "@hookwire/salesforce",
    sign: salesforceTestRequest,
    receiver: (organizationId) => salesforce({ organizationId }),
    secretIs: "the organization id (15 or 18 characters)",
    eventOption: "the sObject type of a JSON record file (Account, Contact…)",
    encodesJson: true,
    exampleSecret: "00D000000000062EAA",
  },
  azureAlerts,
  azureContainerRegistry,
  azureDevops,
  dynamicsCrm,
  genericJson,
  kudu,
  mailchimp,
  myget,
  wordpress,
];

/**
 * The descriptors by the names used on the command line (`hookwire sign <name>`,
 * `--receiver <name>=<secret>`), aliases included.
 *
 * @example
 * ```ts
 * const request = await providers.github!.sign({ secret: "s", payload: "{}", event: "ping" });
 * ```
 */
export const providers: Readonly<Record<string, ProviderDescriptor>> = Object.fromEntries(
  descriptors.flatMap((d) => [d.name, ...(d.aliases ?? [])].map((name) => [name, d] as const)),
);
