/**
 * Postmark webhook payloads by `RecordType`, written from Postmark's webhook reference
 * (https://postmarkapp.com/developer/webhooks/webhooks-overview); the `postmark` package exports
 * no webhook payload types. Postmark adds fields over time; unknown ones are still delivered.
 */

/** Fields of outbound-message events. */
export interface PostmarkMessageEvent {
  MessageID: string;
  MessageStream: string;
  Recipient?: string;
  Tag?: string;
  Metadata?: Record<string, string>;
  ServerID?: number;
}

export interface PostmarkDeliveryEvent extends PostmarkMessageEvent {
  RecordType: "Delivery";
  Recipient: string;
  DeliveredAt: string;
  Details: string;
}

export interface PostmarkBounceEvent extends PostmarkMessageEvent {
  RecordType: "Bounce";
  /** The bounce's id (unique). */
  ID: number;
  Type: string;
  TypeCode: number;
  Name: string;
  Description: string;
  Details: string;
  Email: string;
  From: string;
  BouncedAt: string;
  DumpAvailable: boolean;
  Inactive: boolean;
  CanActivate: boolean;
  Subject: string;
  Content?: string;
}

export interface PostmarkSpamComplaintEvent extends PostmarkMessageEvent {
  RecordType: "SpamComplaint";
  ID: number;
  Type: "SpamComplaint";
  TypeCode: number;
  Email: string;
  From: string;
  BouncedAt: string;
  Subject: string;
  Inactive: boolean;
  CanActivate: boolean;
}

/** Client details of opens and clicks. */
export interface PostmarkClient {
  Name: string;
  Company: string;
  Family: string;
}

export interface PostmarkOpenEvent extends PostmarkMessageEvent {
  RecordType: "Open";
  Recipient: string;
  FirstOpen: boolean;
  ReceivedAt: string;
  Platform: string;
  ReadSeconds: number;
  UserAgent: string;
  Client?: PostmarkClient;
  OS?: PostmarkClient;
  Geo?: Record<string, string>;
}

export interface PostmarkClickEvent extends PostmarkMessageEvent {
  RecordType: "Click";
  Recipient: string;
  ClickLocation: "HTML" | "Text";
  OriginalLink: string;
  ReceivedAt: string;
  Platform: string;
  UserAgent: string;
  Client?: PostmarkClient;
  OS?: PostmarkClient;
  Geo?: Record<string, string>;
}

export interface PostmarkSubscriptionChangeEvent extends PostmarkMessageEvent {
  RecordType: "SubscriptionChange";
  Recipient: string;
  ChangedAt: string;
  Origin: "Recipient" | "Customer" | "Admin";
  SuppressSending: boolean;
  SuppressionReason: "HardBounce" | "SpamComplaint" | "ManualSuppression" | null;
}

/** An address of an inbound message. */
export interface PostmarkAddress {
  Email: string;
  Name: string;
  MailboxHash: string;
}

/** An inbound message (the inbound webhook has no `RecordType`; Hookwire names it `Inbound`). */
export interface PostmarkInboundEvent {
  MessageID: string;
  MessageStream?: string;
  From: string;
  FromName: string;
  FromFull: PostmarkAddress;
  To: string;
  ToFull: PostmarkAddress[];
  Cc?: string;
  CcFull?: PostmarkAddress[];
  OriginalRecipient: string;
  Subject: string;
  Date: string;
  MailboxHash: string;
  TextBody: string;
  HtmlBody: string;
  StrippedTextReply: string;
  Tag: string;
  Headers: Array<{ Name: string; Value: string }>;
  Attachments: Array<{ Name: string; Content: string; ContentType: string; ContentLength: number }>;
}

/**
 * Postmark's webhooks by Hookwire type: the `RecordType` (`Delivery`, `Bounce`, `SpamComplaint`,
 * `Open`, `Click`, `SubscriptionChange`) and `Inbound` for inbound messages.
 *
 * @example
 * ```ts
 * type Bounce = PostmarkEvents["Bounce"]; // PostmarkBounceEvent
 * ```
 */
export type PostmarkEvents = {
  Delivery: PostmarkDeliveryEvent;
  Bounce: PostmarkBounceEvent;
  SpamComplaint: PostmarkSpamComplaintEvent;
  Open: PostmarkOpenEvent;
  Click: PostmarkClickEvent;
  SubscriptionChange: PostmarkSubscriptionChangeEvent;
  Inbound: PostmarkInboundEvent;
};

/** A Postmark event name Hookwire knows. */
export type PostmarkEventName = keyof PostmarkEvents & string;
