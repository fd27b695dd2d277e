import type {
  Attributes,
  Counter,
  Histogram,
  Meter,
  MeterProvider,
  Span,
  Tracer,
  TracerProvider,
} from "@opentelemetry/api";

const NAME = "@hookwire/opentelemetry";
const VERSION = "0.1.0";
// SpanKind and SpanStatusCode values, so that nothing needs @opentelemetry/api at run time when
// providers are passed in.
const KIND = { server: 1, client: 2, producer: 3, consumer: 4 } as const;
const ERROR = 2;

/**
 * Where spans and metrics go. Without providers, the global ones of `@opentelemetry/api` are used
 * when that package is installed; without it, everything is a no-op.
 *
 * @example
 * ```ts
 * const options: TelemetryOptions = { tracerProvider: provider, meterProvider };
 * ```
 */
export interface TelemetryOptions {
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
}

interface Instruments {
  tracer: Tracer;
  meter: Meter;
}

type Loaded = { instruments: Instruments | undefined; ready: Promise<void> };

function load(options: TelemetryOptions, make: (i: Instruments) => void): Loaded {
  const state: Loaded = { instruments: undefined, ready: Promise.resolve() };
  const use = (tp: TracerProvider, mp: MeterProvider) => {
    state.instruments = {
      tracer: tp.getTracer(NAME, VERSION),
      meter: mp.getMeter(NAME, VERSION),
    };
    make(state.instruments);
  };
  if (options.tracerProvider && options.meterProvider) {
    use(options.tracerProvider, options.meterProvider);
    return state;
  }
  state.ready = import("@opentelemetry/api").then(
    (api) =>
      use(
        options.tracerProvider ?? api.trace.getTracerProvider(),
        options.meterProvider ?? api.metrics.getMeterProvider(),
      ),
    () => {
      // @opentelemetry/api is not installed: stay a no-op
    },
  );
  return state;
}

/** The events of a Hookwire sender this package listens to (structurally, so it needs no import of the sender). */
interface AttemptLike {
  attempt: number;
  startedAt: number;
  durationMs: number;
  status: number | null;
  error: string | null;
}
interface DeliveryLike {
  id: string;
  subscriptionId: string;
  eventType: string;
  eventId: string;
}
/**
 * What {@link instrumentSender} needs of a sender: `sender.on(...)` and `publish`.
 */
export interface ObservableSender {
  on(
    event: "delivery.succeeded" | "delivery.attempt_failed" | "delivery.failed",
    listener: (payload: { delivery: DeliveryLike; attempt: AttemptLike }) => void,
  ): () => void;
  publish(
    message: { type: string; id?: string; owner?: string },
    ...rest: never[]
  ): Promise<{ id: string; deliveries: number }>;
}

/**
 * A running instrumentation.
 *
 * @example
 * ```ts
 * const telemetry: Instrumentation = instrumentSender(sender);
 * await telemetry.ready; // @opentelemetry/api looked up
 * telemetry.close();
 * ```
 */
export interface Instrumentation {
  /** Resolves once `@opentelemetry/api` was looked up (immediately with explicit providers). */
  readonly ready: Promise<void>;
  /** Stop recording (restores a wrapped `publish`). */
  close(): void;
}

/**
 * Spans and metrics for sending, from the sender's own events and a wrapper around `publish`: no change
 * to the sender or its stores.
 *
 * - spans `hookwire.publish` (producer) and `hookwire.delivery.attempt` (client, timed from the attempt)
 * - counters `hookwire.sender.published`, `hookwire.sender.attempts` (`outcome`),
 *   `hookwire.sender.retries`, `hookwire.sender.dead_letters`; histogram `hookwire.sender.attempt.duration` (ms)
 *
 * @example
 * ```ts
 * import { instrumentSender } from "@hookwire/opentelemetry";
 *
 * const sender = createSender({ store });
 * instrumentSender(sender); // global providers of @opentelemetry/api, or a no-op without it
 * ```
 */
export function instrumentSender(sender: ObservableSender, options: TelemetryOptions = {}): Instrumentation {
  let attempts: Counter | undefined;
  let published: Counter | undefined;
  let retries: Counter | undefined;
  let dead: Counter | undefined;
  let duration: Histogram | undefined;
  const state = load(options, ({ meter }) => {
    published = meter.createCounter("hookwire.sender.published", { description: "Events published" });
    attempts = meter.createCounter("hookwire.sender.attempts", {
      description: "Delivery attempts by outcome",
    });
    retries = meter.createCounter("hookwire.sender.retries", {
      description: "Failed attempts with a retry scheduled",
    });
    dead = meter.createCounter("hookwire.sender.dead_letters", { description: "Deliveries failed for good" });
    duration = meter.createHistogram("hookwire.sender.attempt.duration", {
      description: "Delivery attempt latency",
      unit: "ms",
    });
  });

  const record = (
    outcome: "success" | "retry" | "dead_letter",
    { delivery, attempt }: { delivery: DeliveryLike; attempt: AttemptLike },
  ) => {
    const i = state.instruments;
    if (!i) return;
    const attrs: Attributes = { "hookwire.event.type": delivery.eventType, "hookwire.outcome": outcome };
    attempts?.add(1, attrs);
    duration?.record(attempt.durationMs, attrs);
    if (outcome === "retry") retries?.add(1, { "hookwire.event.type": delivery.eventType });
    if (outcome === "dead_letter") dead?.add(1, { "hookwire.event.type": delivery.eventType });
    const span = i.tracer.startSpan("hookwire.delivery.attempt", {
      kind: KIND.client,
      startTime: attempt.startedAt,
      attributes: {
        ...attrs,
        "hookwire.delivery.id": delivery.id,
        "hookwire.event.id": delivery.eventId,
        "hookwire.subscription.id": delivery.subscriptionId,
        "hookwire.attempt": attempt.attempt,
        ...(attempt.status === null ? {} : { "http.response.status_code": attempt.status }),
      },
    });
    if (outcome !== "success") span.setStatus({ code: ERROR, message: attempt.error ?? "failed" });
    span.end(attempt.startedAt + attempt.durationMs);
  };
  const off = [
    sender.on("delivery.succeeded", (p) => record("success", p)),
    sender.on("delivery.attempt_failed", (p) => record("retry", p)),
    sender.on("delivery.failed", (p) => record("dead_letter", p)),
  ];

  const original = sender.publish;
  const wrapped: typeof original = async (message, ...rest) => {
    const i = state.instruments;
    if (!i) return original.call(sender, message, ...rest);
    return i.tracer.startActiveSpan(
      "hookwire.publish",
      { kind: KIND.producer, attributes: { "hookwire.event.type": message.type } },
      async (span: Span) => {
        try {
          const result = await original.call(sender, message, ...rest);
          span.setAttributes({ "hookwire.event.id": result.id, "hookwire.deliveries": result.deliveries });
          published?.add(1, { "hookwire.event.type": message.type });
          return result;
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  };
  sender.publish = wrapped;
  return {
    ready: state.ready,
    close() {
      for (const f of off) f();
      if (sender.publish === wrapped) sender.publish = original;
    },
  };
}

/** What `onError` of `createWebhooks` is given (structurally). */
interface ErrorLike {
  code: string;
  status: number;
  message: string;
}
interface ErrorContextLike {
  phase: "route" | "handshake" | "verify" | "handler";
  receiver?: string;
}
interface EventLike {
  provider: string;
  type: string;
  id?: string | undefined;
}

/**
 * Receiving telemetry: give `onError` to `createWebhooks` and wrap handlers with `handler`.
 *
 * @example
 * ```ts
 * const telemetry = receiveTelemetry();
 * const hooks = createWebhooks({ receivers, onError: telemetry.onError(myOnError) });
 * hooks.on("github", "issues.opened", telemetry.handler(async (event) => { … }));
 * ```
 */
export interface ReceiveTelemetry {
  /** An `onError` that counts refusals by receiver, phase and code (then calls `next`, if given). */
  onError<C extends ErrorContextLike>(
    next?: (error: ErrorLike, context: C) => void | Promise<void>,
  ): (error: ErrorLike, context: C) => Promise<void>;
  /** Wrap a handler: a consumer span per verified event, the verified count and the handler time. */
  handler<E extends EventLike, A extends unknown[], R>(
    fn: (event: E, ...rest: A) => R | Promise<R>,
  ): (event: E, ...rest: A) => Promise<R>;
  readonly ready: Promise<void>;
}

/**
 * Spans and metrics for receiving through the router's own extension points (`onError` and handler
 * wrapping): counters `hookwire.receiver.verified` (`hookwire.receiver`, `hookwire.event.type`) and
 * `hookwire.receiver.refused` (`hookwire.receiver`, `hookwire.phase`, `hookwire.error.code`),
 * histogram `hookwire.receiver.handler.duration` (ms), a `hookwire.handle <type>` span per handled event.
 *
 * @example
 * ```ts
 * import { receiveTelemetry } from "@hookwire/opentelemetry";
 *
 * const telemetry = receiveTelemetry();
 * const hooks = createWebhooks({ receivers: { github: github({ secret }) }, onError: telemetry.onError() });
 * hooks.on("github", "push", telemetry.handler(async (event) => deploy(event.payload)));
 * ```
 */
export function receiveTelemetry(options: TelemetryOptions = {}): ReceiveTelemetry {
  let verified: Counter | undefined;
  let refused: Counter | undefined;
  let duration: Histogram | undefined;
  const state = load(options, ({ meter }) => {
    verified = meter.createCounter("hookwire.receiver.verified", { description: "Verified events handled" });
    refused = meter.createCounter("hookwire.receiver.refused", { description: "Requests refused, by code" });
    duration = meter.createHistogram("hookwire.receiver.handler.duration", {
      description: "Handler time",
      unit: "ms",
    });
  });
  return {
    ready: state.ready,
    onError(next) {
      return async (error, context) => {
        if (context.phase !== "handler")
          refused?.add(1, {
            "hookwire.receiver": context.receiver ?? "",
            "hookwire.phase": context.phase,
            "hookwire.error.code": error.code,
          });
        if (next) await next(error, context);
      };
    },
    handler(fn) {
      return async (event, ...rest) => {
        const i = state.instruments;
        if (!i) return fn(event, ...rest);
        const attrs: Attributes = { "hookwire.receiver": event.provider, "hookwire.event.type": event.type };
        verified?.add(1, attrs);
        const started = performance.now();
        return i.tracer.startActiveSpan(
          `hookwire.handle ${event.type}`,
          {
            kind: KIND.consumer,
            attributes: { ...attrs, ...(event.id ? { "hookwire.event.id": event.id } : {}) },
          },
          async (span: Span) => {
            try {
              return await fn(event, ...rest);
            } catch (error) {
              span.recordException(error as Error);
              span.setStatus({ code: ERROR, message: (error as Error).message });
              throw error;
            } finally {
              duration?.record(performance.now() - started, attrs);
              span.end();
            }
          },
        );
      };
    },
  };
}
