/**
 * Okta event hook payloads, written from Okta's reference (event hooks,
 * https://developer.okta.com/docs/concepts/event-hooks/, and the System Log `LogEvent` object);
 * Okta's Node SDK is for the management API and exports no hook types.
 */

/** An actor or a target of a System Log event. */
export interface OktaLogEntity {
  id: string;
  type: string;
  alternateId?: string;
  displayName?: string;
  detailEntry?: Record<string, unknown> | null;
}

/** Common event types; Okta has hundreds, and any other arrives with its own name. */
export type OktaEventType =
  | "user.session.start"
  | "user.session.end"
  | "user.authentication.sso"
  | "user.lifecycle.create"
  | "user.lifecycle.activate"
  | "user.lifecycle.deactivate"
  | "user.lifecycle.suspend"
  | "user.lifecycle.unsuspend"
  | "user.lifecycle.delete.initiated"
  | "user.account.update_profile"
  | "user.account.update_password"
  | "user.account.reset_password"
  | "user.account.lock"
  | "user.account.unlock"
  | "user.mfa.factor.activate"
  | "user.mfa.factor.deactivate"
  | "group.user_membership.add"
  | "group.user_membership.remove"
  | "application.user_membership.add"
  | "application.user_membership.remove"
  | "policy.evaluate_sign_on";

/** One System Log event of a delivery. */
export interface OktaLogEvent<T extends string = OktaEventType | (string & {})> {
  /** The event's unique id (the idempotency key). */
  uuid: string;
  published: string;
  eventType: T;
  version: string;
  severity: "DEBUG" | "INFO" | "WARN" | "ERROR";
  legacyEventType?: string | null;
  displayMessage?: string | null;
  actor: OktaLogEntity;
  client?: Record<string, unknown> | null;
  outcome?: {
    result: "SUCCESS" | "FAILURE" | "SKIPPED" | "ALLOW" | "DENY" | "CHALLENGE" | "UNKNOWN";
    reason?: string | null;
  } | null;
  target?: OktaLogEntity[] | null;
  transaction?: { type: string; id: string; detail?: Record<string, unknown> } | null;
  debugContext?: { debugData?: Record<string, unknown> } | null;
  authenticationContext?: Record<string, unknown> | null;
  securityContext?: Record<string, unknown> | null;
  request?: { ipChain?: Array<Record<string, unknown>> } | null;
}

/** An event hook delivery: a CloudEvents-style envelope around `data.events`. */
export interface OktaEventHook {
  eventType: "com.okta.event_hook";
  eventTypeVersion: string;
  cloudEventsVersion: string;
  source: string;
  /** The delivery's id. */
  eventId: string;
  eventTime: string;
  contentType: string;
  data: { events: OktaLogEvent[] };
}

/**
 * The Okta receiver's events: a delivery carries several System Log events and arrives as one
 * `com.okta.event_hook` event (Okta's own name for it); take the events of one type with
 * `oktaEventsOf`.
 *
 * @example
 * ```ts
 * hooks.on("okta", "com.okta.event_hook", (event) => {
 *   for (const e of oktaEventsOf(event.payload, "user.lifecycle.create")) console.log(e.target?.[0]?.alternateId);
 * });
 * ```
 */
export type OktaEvents = {
  "com.okta.event_hook": OktaEventHook;
};

/**
 * The events of a delivery with one event type.
 *
 * @example
 * ```ts
 * const sessions = oktaEventsOf(event.payload, "user.session.start");
 * ```
 */
export function oktaEventsOf<T extends OktaEventType>(hook: OktaEventHook, eventType: T): OktaLogEvent<T>[] {
  return hook.data.events.filter((event): event is OktaLogEvent<T> => event.eventType === eventType);
}
