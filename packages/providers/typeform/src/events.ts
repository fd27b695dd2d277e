// Typeform's SDK (@typeform/api-client) covers the Create and Responses APIs and exports no webhook
// payload type, so these are written from Typeform's webhook reference
// (typeform.com/developers/webhooks/example-payload). Objects keep an index signature.

/** A field of the form, as referenced by an answer. */
export interface TypeformFieldRef {
  id: string;
  type: string;
  ref: string;
  title?: string;
  [field: string]: unknown;
}

/** One answer; the key that holds the value depends on `type`. */
export interface TypeformAnswer {
  type:
    | "text"
    | "email"
    | "url"
    | "file_url"
    | "number"
    | "boolean"
    | "date"
    | "choice"
    | "choices"
    | "payment"
    | "phone_number"
    | string;
  field: TypeformFieldRef;
  text?: string;
  email?: string;
  url?: string;
  file_url?: string;
  number?: number;
  boolean?: boolean;
  date?: string;
  phone_number?: string;
  choice?: { id?: string; label?: string; ref?: string; other?: string };
  choices?: { ids?: string[]; labels?: string[]; refs?: string[]; other?: string };
  payment?: { amount: string; last4: string; name: string; success?: boolean };
  [field: string]: unknown;
}

/** A submitted (or, for partial responses, started) form. */
export interface TypeformFormResponse {
  form_id: string;
  token: string;
  landed_at: string;
  submitted_at: string;
  hidden?: Record<string, string>;
  variables?: Array<{ key: string; type: "number" | "text"; number?: number; text?: string }>;
  calculated?: { score: number };
  definition: { id: string; title: string; fields: TypeformFieldRef[]; [field: string]: unknown };
  answers: TypeformAnswer[];
  ending?: { id: string; ref: string };
  [field: string]: unknown;
}

/** The envelope of every Typeform webhook. */
export interface TypeformWebhook<T extends string> {
  /** The delivery's event id, one per response. */
  event_id: string;
  event_type: T;
  form_response: TypeformFormResponse;
}

/**
 * Typeform's webhook events by `event_type`: `form_response` (a submitted form) and
 * `form_response_partial` (partial responses, when turned on). Another type still arrives, as an
 * unknown event with an untyped payload.
 *
 * @example
 * ```ts
 * type Answers = TypeformEvents["form_response"]["form_response"]["answers"]; // TypeformAnswer[]
 * ```
 */
export type TypeformEvents = {
  form_response: TypeformWebhook<"form_response">;
  form_response_partial: TypeformWebhook<"form_response_partial">;
};

/** A Typeform event type Hookwire types. */
export type TypeformEventName = keyof TypeformEvents & string;
