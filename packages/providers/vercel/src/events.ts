// Vercel's SDK (@vercel/sdk) calls the REST API and exports no webhook payload types, so these are
// written from Vercel's webhook reference (vercel.com/docs/webhooks/webhooks-api). Objects keep an
// index signature: Vercel adds fields without a version change.

/** The team and user an event belongs to. */
export interface VercelOwner {
  team: { id: string } | null;
  user: { id: string };
}

/** `deployment.*` payloads. */
export interface VercelDeploymentPayload extends VercelOwner {
  deployment: {
    id: string;
    name: string;
    url: string;
    inspectorUrl?: string;
    meta: Record<string, string>;
    [field: string]: unknown;
  };
  links: { deployment: string; project: string };
  target: "production" | "staging" | string | null;
  project: { id: string };
  plan: string;
  regions: string[];
  [field: string]: unknown;
}

/** `project.*` payloads. */
export interface VercelProjectPayload extends VercelOwner {
  project: { id: string; name?: string; [field: string]: unknown };
  [field: string]: unknown;
}

/** `domain.created`. */
export interface VercelDomainPayload extends VercelOwner {
  domain: { name: string; delegated?: boolean; [field: string]: unknown };
  [field: string]: unknown;
}

/** `integration-configuration.*` payloads. */
export interface VercelIntegrationConfigurationPayload extends VercelOwner {
  configuration: {
    id: string;
    projectSelection?: "all" | "selected";
    projects?: string[];
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** The envelope of every Vercel webhook. */
export interface VercelWebhook<T extends string, P> {
  /** The event id, one per occurrence. */
  id: string;
  type: T;
  /** When the event happened, in milliseconds since the epoch. */
  createdAt: number;
  payload: P;
  region?: string | null;
}

type DeploymentType =
  | "deployment.created"
  | "deployment.succeeded"
  | "deployment.ready"
  | "deployment.promoted"
  | "deployment.error"
  | "deployment.canceled"
  | "deployment.check-rerequested";

type ConfigurationType =
  | "integration-configuration.permission-upgraded"
  | "integration-configuration.removed"
  | "integration-configuration.scope-change-confirmed";

/**
 * Vercel's webhook events by name, as the body's `type` carries them (`deployment.succeeded`,
 * `project.created`); `deployment.*` matches a group. An event not listed here still arrives, as an
 * unknown event with an untyped payload.
 *
 * @example
 * ```ts
 * type Ready = VercelEvents["deployment.succeeded"]["payload"]["deployment"]["url"]; // string
 * ```
 */
export type VercelEvents = { [T in DeploymentType]: VercelWebhook<T, VercelDeploymentPayload> } & {
  [T in ConfigurationType]: VercelWebhook<T, VercelIntegrationConfigurationPayload>;
} & {
  "project.created": VercelWebhook<"project.created", VercelProjectPayload>;
  "project.removed": VercelWebhook<"project.removed", VercelProjectPayload>;
  "domain.created": VercelWebhook<"domain.created", VercelDomainPayload>;
};

/** A Vercel event name Hookwire types. */
export type VercelEventName = keyof VercelEvents & string;
