/**
 * The request headers as Hookwire reads them: `get` (case-insensitive, `null` when absent) and
 * iteration over `[name, value]` pairs. Web `Headers` satisfy it; on Node, `@hookwire/core/node`
 * wraps the request's own header object instead of copying it.
 *
 * @example
 * ```ts
 * const headers: HeaderReader = new Headers({ "x-github-event": "push" });
 * headers.get("X-GitHub-Event"); // "push"
 * ```
 */
export interface HeaderReader extends Iterable<[string, string]> {
  /** The value of a header (several values joined with ", "), or `null` when it is absent. */
  get(name: string): string | null;
}

/**
 * A webhook request as Hookwire sees it: the raw body bytes, never a parsed or re-serialised body.
 *
 * @example
 * ```ts
 * const request: WebhookRequest = { method: "POST", url: "https://example.com/webhooks/github", headers: new Headers(), body: new Uint8Array() };
 * ```
 */
export interface WebhookRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The absolute URL the request was received at. */
  readonly url: string;
  /** The request headers: Web `Headers`, or any {@link HeaderReader}. */
  readonly headers: HeaderReader;
  /** The raw body, byte for byte as received. */
  readonly body: Uint8Array;
  /**
   * Route parameters the router found: `id` for the ASP.NET WebHooks URL shape
   * `/webhooks/{receiver}/{id}` (per-tenant secrets look it up: `secret: (request) => byTenant[request.params?.id]`).
   */
  readonly params?: Readonly<Record<string, string>>;
}

/** A map from event type name to payload type, declared by each provider package. */
export type EventMap = { [type: string]: unknown };

/**
 * A verified webhook event.
 *
 * @example
 * ```ts
 * const event: WebhookEvent<"push", PushPayload, "github"> = await receiver.verify(request);
 * event.payload.ref;
 * ```
 */
export interface WebhookEvent<
  TType extends string = string,
  TPayload = unknown,
  TProvider extends string = string,
> {
  /** The provider that sent it (`github`, `stripe`, …). */
  readonly provider: TProvider;
  /** The event type as Hookwire names it (`issues.opened`, `invoice.paid`). */
  readonly type: TType;
  /** The provider's id for this delivery or event, when it sends one (used for idempotency). */
  readonly id: string | undefined;
  /** The parsed payload. */
  readonly payload: TPayload;
  /** When Hookwire received the request. */
  readonly receivedAt: Date;
  /** The request it came in. */
  readonly request: WebhookRequest;
  /** Provider-specific extras (retry counters, account ids, …). */
  readonly meta: Readonly<Record<string, unknown>>;
  /**
   * One idempotency key per item, for providers that batch several occurrences in one request and
   * re-batch them on redelivery (Salesforce outbound messages). The router claims each one instead
   * of `id` and hands handlers only the fresh items ({@link Receiver.narrow}).
   */
  readonly idempotencyKeys?: readonly string[];
}

/** An event whose type the provider package does not know yet (a new upstream event never breaks a build). */
export type UnknownWebhookEvent<TProvider extends string = string> = WebhookEvent<
  string & {},
  unknown,
  TProvider
>;

declare const EVENTS: unique symbol;

/**
 * A receiver verifies requests from one provider and turns them into events.
 * Every provider package exports a factory that makes one (`github()`, `stripe()`, …).
 *
 * @example
 * ```ts
 * const event = await github({ secret }).verify(request);
 * ```
 */
export interface Receiver<TEvents extends EventMap = EventMap, TProvider extends string = string> {
  /** The provider name. */
  readonly provider: TProvider;
  /** Verify a request and return its event; throws a `WebhookError` when it is not authentic. */
  verify(request: Request | WebhookRequest): Promise<EventOf<TEvents, TProvider>>;
  /**
   * Answer the provider's handshake (a challenge echo, a verification ping, …) without running
   * handlers. Returns `undefined` when the request is not a handshake.
   */
  handshake?(request: WebhookRequest): Promise<Response | undefined>;
  /** Methods other than POST that the handshake accepts (GET, HEAD). */
  readonly handshakeMethods?: readonly string[];
  /**
   * Methods other than POST that the provider sends events with (Zendesk's trigger and automation
   * webhooks: GET, PUT, PATCH, DELETE). The router accepts them and, when the handshake (if any)
   * returns `undefined`, verifies them like a POST.
   */
  readonly methods?: readonly string[];
  /** How long the provider waits for an answer before giving up, in milliseconds. */
  readonly deadlineMs?: number;
  /**
   * The success answer the provider expects when no handler returned a `Response`
   * (e.g. Salesforce's SOAP acknowledgement). Default: 200 `{"ok":true}`.
   */
  respond?(event: WebhookEvent): Response | undefined;
  /**
   * The event reduced to the items whose idempotency keys are in `fresh` (a subset of
   * `event.idempotencyKeys`): the router calls it when some items of a batch were already processed.
   */
  narrow?(event: WebhookEvent, fresh: readonly string[]): WebhookEvent;
  /** Type-level only: the event map. */
  readonly [EVENTS]?: TEvents;
}

/** The event map of a receiver. */
export type EventsOf<R> = R extends Receiver<infer E, string> ? E : never;

/** The union of typed events of an event map, with the unknown-event fallback. */
export type EventOf<TEvents extends EventMap, TProvider extends string = string> =
  | { [K in keyof TEvents & string]: WebhookEvent<K, TEvents[K], TProvider> }[keyof TEvents & string]
  | UnknownWebhookEvent<TProvider>;

/** The event names a receiver accepts in `on()`: known names, `prefix.*` and `*`. */
export type EventNameOf<R> = (keyof EventsOf<R> & string) | `${string}.*` | `${string}:*` | "*";

/** The event a handler for `name` on receiver `R` receives. */
export type EventFor<R, TName extends string> = TName extends "*"
  ? EventOf<EventsOf<R>, ProviderOf<R>>
  : TName extends `${infer P}.*`
    ? {
        [K in keyof EventsOf<R> & string]: K extends `${P}.${string}`
          ? WebhookEvent<K, EventsOf<R>[K], ProviderOf<R>>
          : never;
      }[keyof EventsOf<R> & string]
    : TName extends `${infer P}:*`
      ? {
          [K in keyof EventsOf<R> & string]: K extends `${P}:${string}`
            ? WebhookEvent<K, EventsOf<R>[K], ProviderOf<R>>
            : never;
        }[keyof EventsOf<R> & string]
      : TName extends keyof EventsOf<R>
        ? WebhookEvent<TName, EventsOf<R>[TName], ProviderOf<R>>
        : never;

/** The provider name of a receiver. */
export type ProviderOf<R> = R extends Receiver<EventMap, infer P> ? P : string;

/** What a handler is given besides the event. */
export interface HandlerContext {
  /** The receiver name the event came through (the key in `receivers`). */
  readonly receiver: string;
  /**
   * Aborted when the client disconnects before the answer was sent (on Node through
   * `@hookwire/core/node` and every adapter; for a Web `Request`, when its own `signal` aborts).
   * It is not aborted after an early acknowledgement (`respondWithin`) has been sent.
   */
  readonly signal: AbortSignal;
}

/**
 * A function that handles an event. It may return a `Response` to answer the provider with.
 *
 * @example
 * ```ts
 * const handler: Handler<WebhookEvent> = async (event) => { console.log(event.type); };
 * ```
 */
export type Handler<TEvent = WebhookEvent> = (
  event: TEvent,
  context: HandlerContext,
) => void | Response | undefined | Promise<void | Response | undefined>;

/** A message to publish to subscribers. */
export interface PublishMessage<TData = unknown> {
  /** The event type (`invoice.paid`). */
  type: string;
  /** The event data, sent as `data` in the JSON body. */
  data: TData;
  /** An id for idempotency: the same id published twice makes one event. */
  id?: string;
  /** The tenant that owns the event; only that owner's subscriptions receive it. */
  owner?: string;
}

/** What `publish` returns. */
export interface PublishResult {
  /** The event id (the given one, or a generated `msg_…`). */
  id: string;
  /** How many deliveries were queued for it. */
  deliveries: number;
  /** False when the id had been published before and nothing new was queued. */
  created: boolean;
}

/**
 * The sending side: publish an event to every matching subscription.
 *
 * @example
 * ```ts
 * const { id, deliveries } = await sender.publish({ type: "invoice.paid", data: { id: "in_1" } });
 * ```
 */
export interface Sender {
  /** Publish one event; resolves once it and its deliveries are stored. */
  publish(message: PublishMessage): Promise<PublishResult>;
}
