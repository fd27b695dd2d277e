import { toWebhookError } from "./errors.js";
import { DEFAULT_MAX_BODY_BYTES, isFetchRequest, toWebhookRequest } from "./request.js";
import type { EventMap, EventOf, Receiver, WebhookEvent, WebhookRequest } from "./types.js";

/** What a provider's verify step returns: the parts of the event it extracted. */
export interface VerifiedParts {
  /** The event type as Hookwire names it. */
  type: string;
  /** The provider's delivery or event id, if any. */
  id?: string | undefined;
  /** The parsed payload. */
  payload: unknown;
  /** Provider-specific extras. */
  meta?: Record<string, unknown>;
  /**
   * One idempotency key per item of a batch (Salesforce: per notification id). With an idempotency
   * store, the router claims these instead of `id`; give `narrow` too.
   */
  idempotencyKeys?: string[];
}

/** The definition of a receiver, given to {@link defineReceiver}. */
export interface ReceiverDefinition<TProvider extends string> {
  /** The provider name (`github`). */
  provider: TProvider;
  /** The npm package name, used in error messages (`@hookwire/github`). */
  packageName: string;
  /**
   * Verify the raw request and extract the event; throw a `WebhookError` when it is not authentic.
   * It may return the parts synchronously (no promise step on the hot path, e.g. with
   * `verifyHmacNow` and a static secret on Node).
   */
  verify(request: WebhookRequest): Promise<VerifiedParts> | VerifiedParts;
  /** Answer a handshake, or return `undefined` when the request is not one. */
  handshake?(request: WebhookRequest): Promise<Response | undefined> | Response | undefined;
  /** Methods other than POST that the handshake accepts. */
  handshakeMethods?: readonly string[];
  /** Methods other than POST that events come with; the router verifies them like a POST. */
  methods?: readonly string[];
  /** The provider's response deadline in milliseconds. */
  deadlineMs?: number;
  /** The success answer the provider expects when no handler returned a `Response`. */
  respond?(event: WebhookEvent): Response | undefined;
  /**
   * The event reduced to the items whose keys are in `fresh`, each item once (see
   * {@link VerifiedParts.idempotencyKeys}): a key repeated within one batch is handled once.
   */
  narrow?(event: WebhookEvent, fresh: readonly string[]): WebhookEvent;
  /** Body limit when `verify` is called with a Web `Request` directly. */
  maxBodyBytes?: number;
  /** Clock for `receivedAt` (tests). */
  now?: () => number;
}

/**
 * Build a {@link Receiver} from a provider's verify (and handshake) steps. Every provider package
 * uses it, so that all receivers accept a Web `Request` or a `WebhookRequest`, enforce the body
 * limit, and throw only coded `WebhookError`s.
 *
 * @example
 * ```ts
 * export const myProvider = (options: { secret: string }) =>
 *   defineReceiver<MyEvents, "my-provider">({
 *     provider: "my-provider",
 *     packageName: "@acme/hookwire-my-provider",
 *     async verify(request) {
 *       // check the signature over request.body …
 *       return { type: "thing.happened", payload: parseJson(request.body, "@acme/hookwire-my-provider") };
 *     },
 *   });
 * ```
 */
export function defineReceiver<TEvents extends EventMap, TProvider extends string>(
  definition: ReceiverDefinition<TProvider>,
): Receiver<TEvents, TProvider> {
  const { provider, packageName } = definition;
  const now = definition.now ?? Date.now;
  const fail = (error: unknown): never => {
    throw toWebhookError(error, "PAYLOAD_INVALID", `[${packageName}] The request could not be processed.`);
  };
  /**
   * Verify, then shape the event: the event itself when the verify step answered synchronously (a
   * static secret on Node), else a promise with a single `then` — no extra async frame on the hot path.
   */
  const verifyBytes = (
    request: WebhookRequest,
  ): EventOf<TEvents, TProvider> | Promise<EventOf<TEvents, TProvider>> => {
    let pending: Promise<VerifiedParts> | VerifiedParts;
    try {
      pending = definition.verify(request);
      if (typeof (pending as Partial<PromiseLike<unknown>>).then !== "function") {
        return shape(pending as VerifiedParts, request);
      }
    } catch (error) {
      return fail(error);
    }
    return Promise.resolve(pending).then((parts) => shape(parts, request), fail);
  };
  const shape = (parts: VerifiedParts, request: WebhookRequest): EventOf<TEvents, TProvider> =>
    (parts.idempotencyKeys === undefined
      ? {
          provider,
          type: parts.type,
          id: parts.id,
          payload: parts.payload,
          receivedAt: new Date(now()),
          request,
          meta: parts.meta ?? {},
        }
      : {
          provider,
          type: parts.type,
          id: parts.id,
          payload: parts.payload,
          receivedAt: new Date(now()),
          request,
          meta: parts.meta ?? {},
          idempotencyKeys: parts.idempotencyKeys,
        }) as EventOf<TEvents, TProvider>;
  const limit = definition.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  /** The event, synchronously when nothing needs waiting for; a Web `Request` is read first. */
  const immediate = (input: Request | WebhookRequest) =>
    isFetchRequest(input) || input.body.byteLength > limit
      ? toWebhookRequest(input, { maxBodyBytes: definition.maxBodyBytes }).then(verifyBytes)
      : verifyBytes(input);
  const receiver: Receiver<TEvents, TProvider> = {
    provider,
    verify(input) {
      try {
        const event = immediate(input);
        return event instanceof Promise ? event : Promise.resolve(event);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    ...(definition.methods === undefined
      ? {}
      : { methods: definition.methods.map((method) => method.toUpperCase()) }),
    ...(definition.deadlineMs === undefined ? {} : { deadlineMs: definition.deadlineMs }),
    ...(definition.respond === undefined ? {} : { respond: definition.respond }),
    ...(definition.narrow === undefined ? {} : { narrow: definition.narrow }),
  };
  if (!definition.handshake) return withImmediate(receiver, immediate);
  const handshake = definition.handshake;
  return withImmediate(
    {
      ...receiver,
      handshakeMethods: definition.handshakeMethods ?? [],
      async handshake(request) {
        try {
          return await handshake(request);
        } catch (error) {
          throw toWebhookError(
            error,
            "PAYLOAD_INVALID",
            `[${packageName}] The handshake could not be processed.`,
          );
        }
      },
    },
    immediate,
  );
}

/**
 * The synchronous verification of each receiver {@link defineReceiver} made, keyed by the receiver
 * object itself: a receiver copied or wrapped (`{ ...github(options), verify: myVerify }`) is a
 * different object and keeps going through its own `verify`.
 */
const immediateVerifiers = new WeakMap<
  object,
  (request: Request | WebhookRequest) => WebhookEvent | Promise<WebhookEvent>
>();

function withImmediate<T extends object>(
  receiver: T,
  immediate: (request: Request | WebhookRequest) => WebhookEvent | Promise<WebhookEvent>,
): T {
  immediateVerifiers.set(receiver, immediate);
  return receiver;
}

/**
 * Verify a request with a receiver and return its event — synchronously when nothing needs waiting
 * for (a receiver from {@link defineReceiver} with a static secret, on Node, given a
 * `WebhookRequest` with its bytes), else a promise, as {@link Receiver.verify} returns. For callers
 * that verify in a synchronous context, as `stripe.webhooks.constructEvent` users do; the router
 * verifies through it. Throws (or rejects with) a `WebhookError` when the request is not authentic.
 *
 * @example
 * ```ts
 * const verified = verifyNow(receiver, request);
 * const event = verified instanceof Promise ? await verified : verified;
 * ```
 */
export function verifyNow<TEvents extends EventMap, TProvider extends string>(
  receiver: Receiver<TEvents, TProvider>,
  request: Request | WebhookRequest,
): EventOf<TEvents, TProvider> | Promise<EventOf<TEvents, TProvider>> {
  const immediate = immediateVerifiers.get(receiver);
  return immediate
    ? (immediate(request) as EventOf<TEvents, TProvider> | Promise<EventOf<TEvents, TProvider>>)
    : receiver.verify(request);
}
