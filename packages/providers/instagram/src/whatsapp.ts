/**
 * WhatsApp Cloud API webhook types (the `messages` field of a `whatsapp_business_account`
 * notification): incoming messages of every type and the statuses of sent messages, written from
 * Meta's "Webhooks components" and "Payload examples" references for the Cloud API
 * (developers.facebook.com/docs/whatsapp/cloud-api/webhooks); Meta publishes no types. Meta adds
 * message types over time: one this union does not list still reaches handlers, so switch on `type`
 * with a default branch.
 */

/** An error Meta attaches to a message or a status. */
export interface WhatsAppError {
  code: number;
  title: string;
  message?: string;
  error_data?: { details: string };
  href?: string;
}

/** A media object (image, audio, video, document, sticker). */
export interface WhatsAppMedia {
  id: string;
  mime_type: string;
  sha256?: string;
  caption?: string;
  filename?: string;
  /** Stickers. */
  animated?: boolean;
  /** Audio: a voice note. */
  voice?: boolean;
}

/** Fields of every incoming message. */
interface WhatsAppMessageBase {
  /** The sender's WhatsApp id (phone number). */
  from: string;
  /** The message id (`wamid.…`), unique: the idempotency key of a message. */
  id: string;
  /** Unix seconds, as a string. */
  timestamp: string;
  /** The message this one replies to or forwards. */
  context?: {
    from?: string;
    id?: string;
    forwarded?: boolean;
    frequently_forwarded?: boolean;
    referred_product?: { catalog_id: string; product_retailer_id: string };
  };
  /** Set when the user came from a Click-to-WhatsApp ad. */
  referral?: {
    source_url: string;
    source_id: string;
    source_type: "ad" | "post" | (string & {});
    headline?: string;
    body?: string;
    media_type?: string;
    image_url?: string;
    video_url?: string;
    thumbnail_url?: string;
    ctwa_clid?: string;
  };
  errors?: WhatsAppError[];
}

export interface WhatsAppTextMessage extends WhatsAppMessageBase {
  type: "text";
  text: { body: string };
}
export interface WhatsAppImageMessage extends WhatsAppMessageBase {
  type: "image";
  image: WhatsAppMedia;
}
export interface WhatsAppAudioMessage extends WhatsAppMessageBase {
  type: "audio";
  audio: WhatsAppMedia;
}
export interface WhatsAppVideoMessage extends WhatsAppMessageBase {
  type: "video";
  video: WhatsAppMedia;
}
export interface WhatsAppDocumentMessage extends WhatsAppMessageBase {
  type: "document";
  document: WhatsAppMedia;
}
export interface WhatsAppStickerMessage extends WhatsAppMessageBase {
  type: "sticker";
  sticker: WhatsAppMedia;
}
export interface WhatsAppLocationMessage extends WhatsAppMessageBase {
  type: "location";
  location: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
}
export interface WhatsAppContactsMessage extends WhatsAppMessageBase {
  type: "contacts";
  contacts: Array<{
    name: { formatted_name: string; first_name?: string; last_name?: string };
    phones?: Array<{ phone: string; type?: string; wa_id?: string }>;
    emails?: Array<{ email: string; type?: string }>;
    [field: string]: unknown;
  }>;
}
export interface WhatsAppInteractiveMessage extends WhatsAppMessageBase {
  type: "interactive";
  interactive:
    | { type: "button_reply"; button_reply: { id: string; title: string } }
    | { type: "list_reply"; list_reply: { id: string; title: string; description?: string } }
    | { type: "nfm_reply"; nfm_reply: { name?: string; body?: string; response_json: string } };
}
/** A quick-reply button of a template message. */
export interface WhatsAppButtonMessage extends WhatsAppMessageBase {
  type: "button";
  button: { payload: string; text: string };
}
export interface WhatsAppReactionMessage extends WhatsAppMessageBase {
  type: "reaction";
  /** `emoji` is absent when the reaction was removed. */
  reaction: { message_id: string; emoji?: string };
}
export interface WhatsAppOrderMessage extends WhatsAppMessageBase {
  type: "order";
  order: {
    catalog_id: string;
    text?: string;
    product_items: Array<{
      product_retailer_id: string;
      quantity: number;
      item_price: number;
      currency: string;
    }>;
  };
}
/** A change on the user's side (a new phone number). */
export interface WhatsAppSystemMessage extends WhatsAppMessageBase {
  type: "system";
  system: { body: string; type: "user_changed_number" | (string & {}); wa_id?: string; new_wa_id?: string };
}
/** A message type the Cloud API does not support; `errors` says which. */
export interface WhatsAppUnsupportedMessage extends WhatsAppMessageBase {
  type: "unsupported" | "unknown";
}

/** An incoming message, discriminated by `type`. */
export type WhatsAppMessage =
  | WhatsAppTextMessage
  | WhatsAppImageMessage
  | WhatsAppAudioMessage
  | WhatsAppVideoMessage
  | WhatsAppDocumentMessage
  | WhatsAppStickerMessage
  | WhatsAppLocationMessage
  | WhatsAppContactsMessage
  | WhatsAppInteractiveMessage
  | WhatsAppButtonMessage
  | WhatsAppReactionMessage
  | WhatsAppOrderMessage
  | WhatsAppSystemMessage
  | WhatsAppUnsupportedMessage;

/** An incoming message type. */
export type WhatsAppMessageType = WhatsAppMessage["type"];

/** The status of a message the business sent. */
export interface WhatsAppStatus {
  /** The id of the sent message (`wamid.…`). */
  id: string;
  status: "sent" | "delivered" | "read" | "failed" | (string & {});
  /** Unix seconds, as a string. */
  timestamp: string;
  recipient_id: string;
  biz_opaque_callback_data?: string;
  conversation?: {
    id: string;
    expiration_timestamp?: string;
    origin: {
      type: "marketing" | "utility" | "authentication" | "service" | "referral_conversion" | (string & {});
    };
  };
  pricing?: {
    billable: boolean;
    pricing_model: "CBP" | "PMP" | (string & {});
    category: string;
    type?: string;
  };
  errors?: WhatsAppError[];
}

/** The value of a `messages` change: messages received, or statuses of messages sent. */
export interface WhatsAppMessagesValue {
  messaging_product: "whatsapp";
  metadata: { display_phone_number: string; phone_number_id: string };
  contacts?: Array<{ profile: { name: string }; wa_id: string; user_id?: string }>;
  messages?: WhatsAppMessage[];
  statuses?: WhatsAppStatus[];
  errors?: WhatsAppError[];
}

/** Where a message or a status came in: the business account and the business phone number. */
export interface WhatsAppOrigin {
  /** The WhatsApp Business Account id (`entry[].id`). */
  businessAccountId: string;
  /** The business phone number's id. */
  phoneNumberId: string;
  /** The business phone number as displayed. */
  displayPhoneNumber: string;
}

interface WhatsAppNotificationShape {
  entry: ReadonlyArray<{
    id: string;
    changes?: ReadonlyArray<{ field: string; value: unknown }>;
  }>;
}

function* messageValues(
  notification: WhatsAppNotificationShape,
): Generator<{ origin: WhatsAppOrigin; value: WhatsAppMessagesValue }> {
  for (const entry of notification.entry ?? []) {
    for (const change of entry.changes ?? []) {
      if (change.field !== "messages") continue;
      const value = change.value as WhatsAppMessagesValue;
      yield {
        origin: {
          businessAccountId: entry.id,
          phoneNumberId: value.metadata?.phone_number_id,
          displayPhoneNumber: value.metadata?.display_phone_number,
        },
        value,
      };
    }
  }
}

/**
 * Every incoming message of a WhatsApp notification (all entries, all `messages` changes), each with
 * where it came in and the sender's profile name; optionally only messages of one type.
 *
 * @example
 * ```ts
 * hooks.on("meta", "whatsapp_business_account.messages", (event) => {
 *   for (const { message, origin } of whatsappMessages(event.payload, "text")) reply(origin.phoneNumberId, message.from, message.text.body);
 * });
 * ```
 */
export function whatsappMessages<T extends WhatsAppMessageType = WhatsAppMessageType>(
  notification: WhatsAppNotificationShape,
  type?: T,
): Array<{ message: Extract<WhatsAppMessage, { type: T }>; origin: WhatsAppOrigin; profileName?: string }> {
  const out: Array<{
    message: Extract<WhatsAppMessage, { type: T }>;
    origin: WhatsAppOrigin;
    profileName?: string;
  }> = [];
  for (const { origin, value } of messageValues(notification)) {
    for (const message of value.messages ?? []) {
      if (type !== undefined && message.type !== type) continue;
      const profileName = value.contacts?.find((contact) => contact.wa_id === message.from)?.profile.name;
      out.push({
        message: message as Extract<WhatsAppMessage, { type: T }>,
        origin,
        ...(profileName === undefined ? {} : { profileName }),
      });
    }
  }
  return out;
}

/**
 * Every status of a WhatsApp notification (sent, delivered, read, failed), each with where it came in.
 *
 * @example
 * ```ts
 * for (const { status } of whatsappStatuses(event.payload)) if (status.status === "failed") console.log(status.errors);
 * ```
 */
export function whatsappStatuses(
  notification: WhatsAppNotificationShape,
): Array<{ status: WhatsAppStatus; origin: WhatsAppOrigin }> {
  const out: Array<{ status: WhatsAppStatus; origin: WhatsAppOrigin }> = [];
  for (const { origin, value } of messageValues(notification)) {
    for (const status of value.statuses ?? []) out.push({ status, origin });
  }
  return out;
}
