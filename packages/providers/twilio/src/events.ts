/**
 * Twilio webhook parameters, written from Twilio's reference ("TwiML Voice: Your response",
 * "Messaging webhooks", status callbacks, TaskRouter event callbacks); the `twilio` package exports
 * no webhook parameter types. Twilio adds parameters over time, hence the index signatures.
 */

/** Parameters of every Voice request (incoming call and call status callbacks). */
export interface TwilioVoiceParams {
  CallSid: string;
  AccountSid: string;
  From: string;
  To: string;
  CallStatus: TwilioCallStatus;
  ApiVersion: string;
  Direction: "inbound" | "outbound-api" | "outbound-dial" | string;
  ForwardedFrom?: string;
  CallerName?: string;
  ParentCallSid?: string;
  CallToken?: string;
  FromCity?: string;
  FromState?: string;
  FromZip?: string;
  FromCountry?: string;
  ToCity?: string;
  ToState?: string;
  ToZip?: string;
  ToCountry?: string;
  /** Status callbacks. */
  CallDuration?: string;
  Timestamp?: string;
  CallbackSource?: string;
  SequenceNumber?: string;
  /** `<Gather>` results. */
  Digits?: string;
  SpeechResult?: string;
  Confidence?: string;
  [param: string]: string | undefined;
}

/** A call's status as Twilio names it. */
export type TwilioCallStatus =
  | "queued"
  | "initiated"
  | "ringing"
  | "in-progress"
  | "completed"
  | "busy"
  | "failed"
  | "no-answer"
  | "canceled";

/** Parameters of an incoming message and of message status callbacks. */
export interface TwilioMessageParams {
  MessageSid: string;
  SmsSid?: string;
  SmsMessageSid?: string;
  AccountSid: string;
  MessagingServiceSid?: string;
  From: string;
  To: string;
  Body?: string;
  NumMedia?: string;
  NumSegments?: string;
  MessageStatus?: TwilioMessageStatus;
  SmsStatus?: TwilioMessageStatus;
  ApiVersion?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
  /** `MediaUrl0`…, `MediaContentType0`… for MMS; WhatsApp's `ProfileName`, `WaId`, … */
  [param: string]: string | undefined;
}

/** A message's status as Twilio names it. */
export type TwilioMessageStatus =
  | "accepted"
  | "scheduled"
  | "canceled"
  | "queued"
  | "sending"
  | "sent"
  | "failed"
  | "delivered"
  | "undelivered"
  | "receiving"
  | "received"
  | "read"
  | "partially_delivered";

/** Parameters of a recording status callback. */
export interface TwilioRecordingParams {
  AccountSid: string;
  CallSid: string;
  RecordingSid: string;
  RecordingUrl: string;
  RecordingStatus: "in-progress" | "completed" | "absent" | "failed";
  RecordingDuration?: string;
  RecordingChannels?: string;
  RecordingSource?: string;
  [param: string]: string | undefined;
}

/** Parameters of a transcription callback. */
export interface TwilioTranscriptionParams {
  AccountSid: string;
  CallSid: string;
  TranscriptionSid: string;
  TranscriptionText?: string;
  TranscriptionStatus: "completed" | "failed";
  TranscriptionUrl?: string;
  RecordingSid?: string;
  RecordingUrl?: string;
  [param: string]: string | undefined;
}

/** Parameters of a TaskRouter event callback (its `EventType` is the Hookwire type). */
export interface TwilioTaskRouterParams {
  EventType: string;
  AccountSid: string;
  WorkspaceSid: string;
  WorkspaceName?: string;
  EventDescription?: string;
  ResourceType?: string;
  ResourceSid?: string;
  Timestamp?: string;
  TaskSid?: string;
  TaskAttributes?: string;
  WorkerSid?: string;
  [param: string]: string | undefined;
}

type Prefixed<P extends string, S extends string, T> = { [K in S as `${P}.${K}`]: T };

/**
 * Twilio's requests by Hookwire type: `call.<CallStatus>`, `message.<MessageStatus>`,
 * `recording.<RecordingStatus>`, `transcription.<TranscriptionStatus>`, TaskRouter's `EventType`
 * (`task.created`, …, typed loosely) and `request` for anything else.
 *
 * @example
 * ```ts
 * type Incoming = TwilioEvents["message.received"]; // TwilioMessageParams
 * ```
 */
export type TwilioEvents = Prefixed<
  "call",
  TwilioCallStatus,
  TwilioVoiceParams & { CallStatus: TwilioCallStatus }
> &
  Prefixed<"message", TwilioMessageStatus, TwilioMessageParams> &
  Prefixed<"recording", TwilioRecordingParams["RecordingStatus"], TwilioRecordingParams> &
  Prefixed<"transcription", TwilioTranscriptionParams["TranscriptionStatus"], TwilioTranscriptionParams> &
  Prefixed<
    "task",
    | "created"
    | "updated"
    | "canceled"
    | "completed"
    | "deleted"
    | "wrapup"
    | "system-deleted"
    | "transfer-initiated",
    TwilioTaskRouterParams
  > &
  Prefixed<
    "reservation",
    "created" | "accepted" | "rejected" | "timeout" | "canceled" | "rescinded" | "completed" | "wrapup",
    TwilioTaskRouterParams
  > & {
    request: Record<string, unknown>;
  };

/** A Twilio event name Hookwire knows. */
export type TwilioEventName = keyof TwilioEvents & string;
