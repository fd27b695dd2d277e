export type {
  VercelDeploymentPayload,
  VercelDomainPayload,
  VercelEventName,
  VercelEvents,
  VercelIntegrationConfigurationPayload,
  VercelOwner,
  VercelProjectPayload,
  VercelWebhook,
} from "./events.js";
export { type VercelOptions, type VercelReceiver, vercel } from "./receiver.js";
export { vercelScheme } from "./scheme.js";
