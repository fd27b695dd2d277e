/**
 * The fields every HubSpot webhook event carries (Webhooks API, app subscriptions), written from
 * HubSpot's webhooks reference (developers.hubspot.com/docs/api/webhooks) and the example in
 * test/fixtures. HubSpot sends them in batches of up to 100, as a JSON array.
 */
export interface HubSpotEventBase<T extends string> {
  /** The event id; a retried event keeps it (`attemptNumber` counts the attempts). */
  eventId: number;
  subscriptionId: number;
  /** The HubSpot account (portal). */
  portalId: number;
  appId: number;
  /** When the change happened, ms since the epoch. */
  occurredAt: number;
  /** The subscription's type (`contact.creation`). */
  subscriptionType: T;
  attemptNumber: number;
  /** The id of the object that changed. */
  objectId: number;
  changeSource: string;
  changeFlag?: string;
  sourceId?: string;
}

type CrmObject = "contact" | "company" | "deal" | "ticket" | "product" | "line_item";

/** `<object>.creation`, `.deletion`, `.restore`, `.privacyDeletion`. */
export type HubSpotLifecycleEvent =
  HubSpotEventBase<`${CrmObject}.${"creation" | "deletion" | "restore" | "privacyDeletion"}`>;

/** `<object>.propertyChange`: one property's new value. */
export interface HubSpotPropertyChangeEvent extends HubSpotEventBase<`${CrmObject}.propertyChange`> {
  propertyName: string;
  propertyValue: string;
}

/** `<object>.associationChange`. */
export interface HubSpotAssociationChangeEvent extends HubSpotEventBase<`${CrmObject}.associationChange`> {
  associationType: string;
  fromObjectId: number;
  toObjectId: number;
  associationRemoved: boolean;
  isPrimaryAssociation: boolean;
}

/** `<object>.merge`. */
export interface HubSpotMergeEvent extends HubSpotEventBase<`${CrmObject}.merge`> {
  primaryObjectId: number;
  mergedObjectIds: number[];
  newObjectId: number;
  numberOfPropertiesMoved: number;
}

/** `conversation.*` events. */
export interface HubSpotConversationEvent
  extends HubSpotEventBase<
    | "conversation.creation"
    | "conversation.deletion"
    | "conversation.privacyDeletion"
    | "conversation.propertyChange"
    | "conversation.newMessage"
  > {
  propertyName?: string;
  propertyValue?: string;
  messageId?: string;
  messageType?: string;
}

/** One event of a Webhooks API batch, by `subscriptionType`. */
export type HubSpotWebhookEvent =
  | HubSpotLifecycleEvent
  | HubSpotPropertyChangeEvent
  | HubSpotAssociationChangeEvent
  | HubSpotMergeEvent
  | HubSpotConversationEvent;

/**
 * HubSpot requests by Hookwire name:
 * - `events`: a Webhooks API batch (a JSON array of {@link HubSpotWebhookEvent}, narrow on
 *   `subscriptionType`); with the router's idempotency store each event runs once (by `eventId`);
 * - `request`: any other signed JSON body (workflow "Send a webhook" actions, CRM card and app
 *   requests signed with v2 or v3).
 *
 * @example
 * ```ts
 * hooks.on("hubspot", "events", (event) => event.payload.filter((e) => e.subscriptionType === "contact.creation"));
 * ```
 */
export type HubSpotEvents = {
  events: HubSpotWebhookEvent[];
  request: Record<string, unknown>;
};

/** A HubSpot request name Hookwire types. */
export type HubSpotEventName = keyof HubSpotEvents & string;
