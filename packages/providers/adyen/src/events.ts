/** An amount in minor units. */
export interface AdyenAmount {
  value: number;
  currency: string;
}

/**
 * One `NotificationRequestItem` of a classic (payments) notification, written from Adyen's webhook
 * reference (docs.adyen.com/development-resources/webhooks) and the example in test/fixtures.
 */
export interface AdyenNotificationRequestItem<E extends string = string> {
  eventCode: E;
  /** `"true"` or `"false"`: whether the operation succeeded. */
  success: "true" | "false";
  pspReference: string;
  originalReference?: string;
  merchantAccountCode: string;
  merchantReference: string;
  amount: AdyenAmount;
  eventDate: string;
  paymentMethod?: string;
  reason?: string;
  operations?: string[];
  additionalData?: { hmacSignature?: string; [key: string]: string | undefined };
}

/** A classic notification: `live` and the items (one per notification in JSON webhooks). */
export interface AdyenNotification<E extends string = string> {
  live: "true" | "false";
  notificationItems: Array<{ NotificationRequestItem: AdyenNotificationRequestItem<E> }>;
}

/** The event codes of standard payment webhooks Hookwire types. */
export type AdyenEventCode =
  | "AUTHORISATION"
  | "AUTHORISATION_ADJUSTMENT"
  | "CANCELLATION"
  | "CANCEL_OR_REFUND"
  | "CAPTURE"
  | "CAPTURE_FAILED"
  | "CHARGEBACK"
  | "CHARGEBACK_REVERSED"
  | "SECOND_CHARGEBACK"
  | "NOTIFICATION_OF_CHARGEBACK"
  | "NOTIFICATION_OF_FRAUD"
  | "PREARBITRATION_WON"
  | "PREARBITRATION_LOST"
  | "REQUEST_FOR_INFORMATION"
  | "REFUND"
  | "REFUND_FAILED"
  | "REFUNDED_REVERSED"
  | "REFUND_WITH_DATA"
  | "REPORT_AVAILABLE"
  | "ORDER_OPENED"
  | "ORDER_CLOSED"
  | "OFFER_CLOSED"
  | "PENDING"
  | "RECURRING_CONTRACT"
  | "TECHNICAL_CANCEL"
  | "VOID_PENDING_REFUND"
  | "AUTORESCUE"
  | "CANCEL_AUTORESCUE"
  | "DISPUTE_DEFENSE_PERIOD_ENDED"
  | "ISSUER_COMMENTS"
  | "ISSUER_RESPONSE_TIMEFRAME_EXPIRED"
  | "MANUAL_REVIEW_ACCEPT"
  | "MANUAL_REVIEW_REJECT"
  | "POSTPONED_REFUND"
  | "EXPIRE";

/**
 * Adyen webhooks by Hookwire name: a classic notification by its items' `eventCode` as Adyen
 * writes it (`AUTHORISATION`, `REFUND`), the whole body as payload; a notification whose items
 * have different codes is `batch`. Management and platform webhooks (signed in the `HmacSignature`
 * header) are named by their body's `type` and reach `*` handlers untyped.
 *
 * @example
 * ```ts
 * hooks.on("adyen", "AUTHORISATION", (event) => event.payload.notificationItems[0]!.NotificationRequestItem.success);
 * ```
 */
export type AdyenEvents = { [E in AdyenEventCode]: AdyenNotification<E> } & { batch: AdyenNotification };

/** An Adyen event name Hookwire types. */
export type AdyenEventName = keyof AdyenEvents & string;
