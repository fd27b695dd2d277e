/** One notification of an ASP.NET WebHooks delivery: its `Action` plus the data the sender flattened next to it. */
export type CustomNotification<TAction extends string = string, TData = Record<string, unknown>> = {
  Action: TAction;
} & TData;

/**
 * The body an ASP.NET WebHooks sender POSTs (`WebHookSender`): one work item with its notifications.
 *
 * @example
 * ```ts
 * const body: CustomNotifications = { Id: "f2e4…", Attempt: 1, Properties: {}, Notifications: [{ Action: "order.created", OrderId: 1 }] };
 * ```
 */
export interface CustomNotifications<TNotification = CustomNotification> {
  /** The work item id (a GUID in `N` format), the same on every retry. */
  Id: string;
  /** 1 for the first attempt, then 2, 3… */
  Attempt: number;
  /** The registration's `Properties`, echoed in every delivery. */
  Properties: Record<string, unknown>;
  /** One or more notifications. */
  Notifications: TNotification[];
}

/** What a custom receiver's type parameter maps: each `Action` to its notification's data. */
export type CustomActionMap = { [action: string]: Record<string, unknown> };

/**
 * The event map of a custom receiver: one event per `Action` (a delivery whose notifications all
 * share it), plus `batch` for a delivery that mixes actions.
 *
 * @example
 * ```ts
 * type Events = CustomEvents<{ "order.created": { OrderId: number } }>;
 * type Created = Events["order.created"]; // CustomNotifications<{ Action: "order.created"; OrderId: number }>
 * ```
 */
export type CustomEvents<TActions extends CustomActionMap = CustomActionMap> = {
  [K in keyof TActions & string]: CustomNotifications<CustomNotification<K, TActions[K]>>;
} & {
  batch: CustomNotifications<
    { [K in keyof TActions & string]: CustomNotification<K, TActions[K]> }[keyof TActions & string]
  >;
};
