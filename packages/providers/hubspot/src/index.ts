export type {
  HubSpotAssociationChangeEvent,
  HubSpotConversationEvent,
  HubSpotEventBase,
  HubSpotEventName,
  HubSpotEvents,
  HubSpotLifecycleEvent,
  HubSpotMergeEvent,
  HubSpotPropertyChangeEvent,
  HubSpotWebhookEvent,
} from "./events.js";
export { type HubSpotOptions, type HubSpotReceiver, hubspot } from "./receiver.js";
export {
  type HubSpotSchemeOptions,
  type HubSpotSignatureVersion,
  type HubSpotUrl,
  hubspotScheme,
  hubspotSchemeWith,
  hubspotV3Uri,
} from "./scheme.js";
