import type { Receiver, TestRequestInput } from "@hookwire/core";
import { github, githubTestRequest } from "@hookwire/github";
import { standardWebhooks, standardWebhooksTestRequest } from "@hookwire/standard-webhooks";
import { stripe, stripeTestRequest } from "@hookwire/stripe";

/** One provider the CLI can sign for and listen to. */
export interface CliProvider {
  /** A signed request for a secret and a payload (the provider package's test helper). */
  sign(input: TestRequestInput): Promise<Request>;
  /** A receiver verifying with a secret (for `hookwire listen`). */
  receiver(secret: string): Receiver<any, string>;
  /** Whether `--event` is needed (the provider carries the type outside the body). */
  eventOption?: string;
}

/** Every provider package whose scheme uses a shared secret. Adding a provider is one entry. */
export const providers: Record<string, CliProvider> = {
  github: {
    sign: githubTestRequest,
    receiver: (secret) => github({ secret }),
    eventOption: "the X-GitHub-Event header (issues, push…)",
  },
  stripe: { sign: stripeTestRequest, receiver: (secret) => stripe({ secret }) },
  "standard-webhooks": {
    sign: standardWebhooksTestRequest,
    receiver: (secret) => standardWebhooks({ secret }),
  },
};
