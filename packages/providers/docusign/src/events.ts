/** A recipient in an envelope summary. */
export interface DocuSignRecipient {
  recipientId: string;
  recipientIdGuid?: string;
  email?: string;
  name?: string;
  status: string;
  routingOrder?: string;
  signedDateTime?: string;
  deliveredDateTime?: string;
  [field: string]: unknown;
}

/** The envelope summary Connect includes when the configuration asks for it. */
export interface DocuSignEnvelopeSummary {
  envelopeId: string;
  status: string;
  emailSubject?: string;
  sender?: { userName: string; userId: string; accountId: string; email: string };
  createdDateTime?: string;
  sentDateTime?: string;
  completedDateTime?: string;
  recipients?: { signers?: DocuSignRecipient[]; carbonCopies?: DocuSignRecipient[]; [kind: string]: unknown };
  customFields?: unknown;
  [field: string]: unknown;
}

/**
 * A DocuSign Connect (JSON, SIM) notification, written from DocuSign's Connect reference
 * (developers.docusign.com/platform/webhooks/connect/json-sim-event-model) and the example in
 * test/fixtures.
 */
export interface DocuSignConnectEvent<E extends string> {
  /** The event (`envelope-completed`). */
  event: E;
  apiVersion: string;
  uri: string;
  /** 0 on the first delivery, counting up on each retry. */
  retryCount: number;
  configurationId: number;
  generatedDateTime: string;
  data: {
    accountId: string;
    userId?: string;
    envelopeId: string;
    recipientId?: string;
    envelopeSummary?: DocuSignEnvelopeSummary;
    [field: string]: unknown;
  };
}

type EnvelopeEvent =
  | "envelope-created"
  | "envelope-sent"
  | "envelope-resent"
  | "envelope-delivered"
  | "envelope-completed"
  | "envelope-declined"
  | "envelope-voided"
  | "envelope-corrected"
  | "envelope-purge"
  | "envelope-deleted"
  | "envelope-discard";
type RecipientEvent =
  | "recipient-sent"
  | "recipient-autoresponded"
  | "recipient-delivered"
  | "recipient-completed"
  | "recipient-declined"
  | "recipient-authenticationfailed"
  | "recipient-resent"
  | "recipient-delegate"
  | "recipient-reassign"
  | "recipient-finish-later";
type TemplateEvent = "template-created" | "template-modified" | "template-deleted";

/**
 * DocuSign Connect events by the body's `event` (`envelope-completed`, `recipient-completed`…). Events
 * not listed here still arrive, untyped, through the `*` handler.
 *
 * @example
 * ```ts
 * type Completed = DocuSignEvents["envelope-completed"]["data"]["envelopeId"]; // string
 * ```
 */
export type DocuSignEvents = {
  [E in EnvelopeEvent | RecipientEvent | TemplateEvent]: DocuSignConnectEvent<E>;
};

/** A DocuSign Connect event name Hookwire types. */
export type DocuSignEventName = keyof DocuSignEvents & string;
