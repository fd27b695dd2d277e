import type { operations } from "@octokit/openapi-webhooks-types";

type Underscore<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Underscore<B>}` : S;

/** `issues/opened` → `issues.opened`, `check-run/requested-action` → `check_run.requested_action`. */
type EventName<K> = K extends `${infer E}/${infer A}`
  ? `${Underscore<E>}.${Underscore<A>}`
  : K extends string
    ? Underscore<K>
    : never;

type Payload<K extends keyof operations> = operations[K] extends {
  requestBody: { content: { "application/json": infer P } };
}
  ? P
  : never;

type ActionEvents = { [K in keyof operations as EventName<K>]: Payload<K> };

type Base<N> = N extends `${infer E}.${string}` ? E : N;

type EventGroups = {
  [E in Base<keyof ActionEvents>]: ActionEvents[Extract<keyof ActionEvents, E | `${E}.${string}`>];
};

/**
 * GitHub's webhook events by Hookwire name, generated from `@octokit/openapi-webhooks-types`
 * (GitHub's own OpenAPI description): `"issues.opened"` for one action, `"issues"` for any action.
 *
 * @example
 * ```ts
 * type Opened = GitHubEvents["issues.opened"]; // the issues.opened payload
 * ```
 */
export type GitHubEvents = ActionEvents & EventGroups;

/** A GitHub event name Hookwire knows. */
export type GitHubEventName = keyof GitHubEvents & string;
