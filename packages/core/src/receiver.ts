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
  /** The event reduced to the items whose keys are in `fresh` (see {@link VerifiedParts.idempotencyKeys}). */
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
   * Verify, then shape the event: a synchronous verify step costs one resolved promise, an
   * asynchronous one a single `then` — no extra async frame on the hot path.
   */
  const run = (request: WebhookRequest): Promise<EventOf<TEvents, TProvider>> => {
    let pending: Promise<VerifiedParts> | VerifiedParts;
    try {
      pending = definition.verify(request);
      if (typeof (pending as Partial<PromiseLike<unknown>>).then !== "function") {
        return Promise.resolve(shape(pending as VerifiedParts, request));
      }
    } catch (error) {
      return Promise.reject(
        toWebhookError(error, "PAYLOAD_INVALID", `[${packageName}] The request could not be processed.`),
      );
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
  const receiver: Receiver<TEvents, TProvider> = {
    provider,
    verify(input) {
      const limit = definition.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      if (isFetchRequest(input) || input.body.byteLength > limit) {
        return toWebhookRequest(input, { maxBodyBytes: definition.maxBodyBytes }).then(run);
      }
      return run(input);
    },
    ...(definition.methods === undefined
      ? {}
      : { methods: definition.methods.map((method) => method.toUpperCase()) }),
    ...(definition.deadlineMs === undefined ? {} : { deadlineMs: definition.deadlineMs }),
    ...(definition.respond === undefined ? {} : { respond: definition.respond }),
    ...(definition.narrow === undefined ? {} : { narrow: definition.narrow }),
  };
  if (definition.handshake) {
    const handshake = definition.handshake;
    return {
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
    };
  }
  return receiver;
}
