import type { WhatsAppMessagesValue } from "./whatsapp.js";

/** One change in an entry (`entry[].changes[]`). */
export interface MetaChange<TField extends string = string, TValue = Record<string, unknown>> {
  field: TField;
  value: TValue;
}

/** One entry of a Meta webhook notification. */
export interface MetaEntry<TChange = MetaChange, TMessaging = MetaMessagingEvent> {
  /** The id of the object that changed (Instagram account, Page, WhatsApp Business Account). */
  id: string;
  /** Unix seconds. */
  time?: number;
  changes?: TChange[];
  messaging?: TMessaging[];
}

/**
 * A Meta webhook notification (Instagram, Facebook Pages, Messenger, WhatsApp) — Meta's
 * "Webhooks: Getting started" documentation.
 *
 * @example
 * ```ts
 * const n: MetaNotification<"instagram", InstagramCommentChange> = event.payload;
 * n.entry[0]?.changes?.[0]?.value.text;
 * ```
 */
export interface MetaNotification<
  TObject extends string = string,
  TChange = MetaChange,
  TMessaging = MetaMessagingEvent,
> {
  object: TObject;
  entry: Array<MetaEntry<TChange, TMessaging>>;
}

/** An Instagram `comments` / `live_comments` change value. */
export interface InstagramComment {
  id: string;
  text: string;
  from: { id: string; username: string; self_ig_scoped_id?: string };
  media: { id: string; media_product_type?: string };
  parent_id?: string;
}

/** An Instagram `mentions` change value. */
export interface InstagramMention {
  media_id: string;
  comment_id?: string;
}

/** An Instagram `story_insights` change value. */
export interface InstagramStoryInsights {
  media_id: string;
  exits?: number;
  replies?: number;
  reach?: number;
  taps_forward?: number;
  taps_back?: number;
  impressions?: number;
}

/** A Messenger / Instagram messaging event (`entry[].messaging[]`). */
export interface MetaMessagingEvent {
  sender: { id: string };
  recipient: { id: string };
  timestamp: number;
  message?: {
    mid: string;
    text?: string;
    attachments?: Array<{ type: string; payload: { url?: string } }>;
    is_echo?: boolean;
    reply_to?: { mid: string };
  };
  postback?: { mid?: string; title: string; payload: string };
  read?: { watermark: number };
  reaction?: { mid: string; action: "react" | "unreact"; reaction?: string; emoji?: string };
}

/** A Facebook Page `feed` change value. */
export interface PageFeedValue {
  item: "status" | "post" | "comment" | "reaction" | "photo" | "video" | "share" | (string & {});
  verb: "add" | "edited" | "remove" | (string & {});
  post_id?: string;
  comment_id?: string;
  message?: string;
  from?: { id: string; name?: string };
  created_time?: number;
}

/**
 * Meta webhook notifications by Hookwire name `<object>.<field>` (or `<object>.messaging`), written
 * from Meta's Instagram, Pages, Messenger and WhatsApp webhook references. A batch that mixes fields
 * is named `<object>` alone; other fields arrive as unknown events.
 *
 * @example
 * ```ts
 * type Comments = InstagramEvents["instagram.comments"];
 * ```
 */
export type InstagramEvents = {
  "instagram.comments": MetaNotification<"instagram", MetaChange<"comments", InstagramComment>>;
  "instagram.live_comments": MetaNotification<"instagram", MetaChange<"live_comments", InstagramComment>>;
  "instagram.mentions": MetaNotification<"instagram", MetaChange<"mentions", InstagramMention>>;
  "instagram.story_insights": MetaNotification<
    "instagram",
    MetaChange<"story_insights", InstagramStoryInsights>
  >;
  "instagram.messaging": MetaNotification<"instagram", never>;
  "page.feed": MetaNotification<"page", MetaChange<"feed", PageFeedValue>>;
  "page.messaging": MetaNotification<"page", never>;
  "whatsapp_business_account.messages": MetaNotification<
    "whatsapp_business_account",
    MetaChange<"messages", WhatsAppMessagesValue>
  >;
  instagram: MetaNotification<"instagram">;
  page: MetaNotification<"page">;
  whatsapp_business_account: MetaNotification<"whatsapp_business_account">;
  user: MetaNotification<"user">;
};

/** A Meta event name Hookwire knows. */
export type InstagramEventName = keyof InstagramEvents & string;
