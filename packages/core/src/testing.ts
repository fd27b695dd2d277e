import { nestedToForm } from "./body.js";
import { utf8 } from "./encoding.js";
import { type SignatureScheme, sharedSecretScheme } from "./scheme.js";
import type { Receiver } from "./types.js";

/**
 * What every provider's test-request helper takes (`githubTestRequest`, `stripeTestRequest`, …).
 *
 * @example
 * ```ts
 * const request = await githubTestRequest({ secret: "s", event: "issues", payload: { action: "opened" } });
 * ```
 */
export interface TestRequestInput {
  /** The shared secret to sign with (or the key the scheme uses). */
  secret: string;
  /** The payload: an object is sent as JSON; a string or bytes are sent as they are. */
  payload: unknown;
  /** The event type, for providers that carry it outside the body. */
  event?: string;
  /** The delivery or event id, for providers that send one. */
  id?: string;
  /** The URL (default `https://example.com/webhooks/<provider>`). */
  url?: string;
  /** The signed timestamp in seconds (default now). */
  timestamp?: number;
  /** Extra headers. */
  headers?: Record<string, string>;
}

/**
 * A test-request helper: builds a correctly signed Web `Request`, for users' own tests and the CLI.
 */
export type TestRequestSigner = (input: TestRequestInput) => Promise<Request>;

/**
 * The body bytes of a test payload: objects as JSON, strings and bytes as they are.
 *
 * @example
 * ```ts
 * testBody({ a: 1 }) // bytes of '{"a":1}'
 * ```
 */
export function testBody(payload: unknown): Uint8Array {
  if (payload instanceof Uint8Array) return payload;
  if (typeof payload === "string") return utf8(payload);
  return utf8(JSON.stringify(payload));
}

/**
 * Whether a test payload is a JSON object a test helper may fill with defaults (the event type, an
 * id, a timestamp): an object that is neither an array nor bytes. Strings and bytes are sent as they are.
 *
 * @example
 * ```ts
 * const payload = isPayloadObject(input.payload) ? { type: input.event ?? "ping", ...input.payload } : input.payload;
 * ```
 */
export function isPayloadObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

/**
 * A random id for test deliveries.
 *
 * @example
 * ```ts
 * testId("msg") // "msg_8f1c…"
 * ```
 */
export function testId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replace(/-/g, "")}`;
}

/**
 * What a provider package tells tools about itself (exported as `descriptor` from
 * `@hookwire/<provider>/testing`): the CLI signs, sends and listens for every provider through its
 * descriptor instead of keeping its own list.
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/github/testing";
 * const request = await descriptor.sign({ secret: "s3cret", event: "ping", payload: { zen: "hi" } });
 * const event = await descriptor.receiver("s3cret").verify(request);
 * ```
 */
export interface ProviderDescriptor {
  /** The name on the command line and in URLs (`github`, `azure-alerts`). */
  name: string;
  /** Other names the CLI accepts (`meta` for `instagram`). */
  aliases?: readonly string[];
  /** The npm package. */
  packageName: string;
  /** A signed request, as the provider would send it (the package's test helper). */
  sign: TestRequestSigner;
  /** A receiver that verifies with one secret (`hookwire listen`): local, so plain http is allowed. */
  receiver(secret: string): Receiver<any, string>;
  /** What the secret is, when it is not the provider's signing secret (shown in help). */
  secretIs?: string;
  /**
   * A secret of the right shape for tests and fuzzing (`whsec_…`, an organization id, an Ed25519
   * private seed in hex whose public key the receiver derives); without it, any string of 32 or more
   * characters works.
   */
  exampleSecret?: string;
  /** What `--event` sets, for providers that carry the type outside the body (shown in help). */
  eventOption?: string;
  /**
   * The provider's body is not JSON (a form, a SOAP message): a JSON payload file is handed to the
   * signer as an object, which encodes it as the provider does.
   */
  encodesJson?: boolean;
  /**
   * The signed timestamp is a field of the JSON body (Linear's `webhookTimestamp`): a JSON payload
   * file is handed to the signer as an object, which stamps the current time into it (a file's own
   * timestamp would be refused as too old).
   */
  timestampInBody?: boolean;
  /**
   * A delivery the provider could send (from its documentation), which `receiver` accepts when
   * signed by `sign`: what `hookwire sign|send <provider>` sends when no payload file is given.
   */
  example?: { payload: unknown; event?: string };
}

/** What {@link testRequest} needs beyond the caller's {@link TestRequestInput}. */
export interface TestRequestShape {
  /** The URL when the input gives none. */
  url: string;
  /** The method (default POST). */
  method?: string;
  /** The body, when the provider encodes the payload itself (default: {@link testBody} of the payload). */
  body?: Uint8Array;
  /**
   * Fields an object payload gets where it has none of its own (the event type, an id, a
   * timestamp, from the input's `event`, `id` and `timestamp`); strings and bytes are sent as they are.
   */
  fields?: Record<string, unknown>;
  /** The content type (default `application/json`). */
  contentType?: string;
  /** The provider's other headers (event name, delivery id…); the caller's `headers` win. */
  headers?: Record<string, string>;
}

/**
 * A `Request` signed by a provider's {@link SignatureScheme}, as the provider sends it: the helper
 * every `/testing` subpath builds its `…TestRequest` from, so tests sign exactly as receivers verify.
 *
 * @example
 * ```ts
 * export const acmeTestRequest = (input: TestRequestInput) =>
 *   testRequest(acmeScheme, input, { url: "https://example.com/webhooks/acme", headers: { "x-acme-event": input.event ?? "ping" } });
 * ```
 */
export async function testRequest(
  scheme: SignatureScheme,
  input: TestRequestInput,
  shape: TestRequestShape,
): Promise<Request> {
  const { fields } = shape;
  const payload =
    fields !== undefined && isPayloadObject(input.payload) ? { ...fields, ...input.payload } : input.payload;
  const body = shape.body ?? testBody(payload);
  const method = shape.method ?? "POST";
  const signed = await scheme.sign({
    body,
    secret: input.secret,
    url: input.url ?? shape.url,
    method,
    ...(input.timestamp === undefined ? {} : { timestamp: input.timestamp }),
    ...(input.id === undefined ? {} : { id: input.id }),
  });
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(signed.url ?? input.url ?? shape.url, {
    method,
    ...(hasBody ? { body: body as BodyInit } : {}),
    headers: {
      ...(hasBody ? { "content-type": shape.contentType ?? "application/json" } : {}),
      ...shape.headers,
      ...signed.headers,
      ...input.headers,
    },
  });
}

/**
 * The value of the header a scheme signs a body with: what a provider's `…Signature(body, secret)`
 * helper returns.
 *
 * @example
 * ```ts
 * export const acmeSignature = (body: string | Uint8Array, secret: string) =>
 *   signatureHeader(acmeScheme, "X-Acme-Signature", body, secret);
 * ```
 */
export async function signatureHeader(
  scheme: SignatureScheme,
  header: string,
  body: string | Uint8Array,
  secret: string,
  timestamp?: number,
): Promise<string> {
  const { headers } = await scheme.sign({
    body: typeof body === "string" ? utf8(body) : body,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
  return headers[header]!;
}

/** What {@link codeSecretDescriptor} needs to describe a `code`-secret provider. */
export interface CodeSecretDescriptorInput
  extends Pick<ProviderDescriptor, "name" | "packageName" | "eventOption" | "encodesJson" | "example"> {
  /** The receiver for a code; `hookwire listen` serves plain http locally, so pass `allowHttp: true`. */
  receiver(code: string): Receiver<any, string>;
  /** The provider posts a form: an object payload is encoded with nested keys in brackets. */
  form?: boolean;
  /** How the provider sends a payload, when not as JSON to `/webhooks/<name>` (a URL parameter…). */
  shape?(input: TestRequestInput): Partial<TestRequestShape> & { url?: string };
}

/**
 * The descriptor (and so the test helper) of a provider authenticated by ASP.NET's `?code=` secret:
 * its `sign` builds the request with the code in the URL, through the same `sharedSecretScheme` the
 * receivers verify with.
 *
 * @example
 * ```ts
 * export const descriptor = codeSecretDescriptor({ name: "kudu", packageName: "@hookwire/kudu", receiver: (code) => kudu({ code, allowHttp: true }) });
 * export const kuduTestRequest = descriptor.sign;
 * ```
 */
export function codeSecretDescriptor(input: CodeSecretDescriptorInput): ProviderDescriptor {
  const scheme = sharedSecretScheme({ packageName: input.packageName, transport: { kind: "query" } });
  const defaultUrl = `https://example.com/webhooks/${input.name}`;
  const { shape, receiver, form, ...rest } = input;
  const formShape = (request: TestRequestInput): Partial<TestRequestShape> => {
    const { payload } = request;
    return {
      body:
        typeof payload === "object" && payload !== null && !(payload instanceof Uint8Array)
          ? utf8(nestedToForm(payload as Record<string, unknown>))
          : testBody(payload),
      contentType: "application/x-www-form-urlencoded",
    };
  };
  return {
    ...rest,
    ...(form ? { encodesJson: true } : {}),
    receiver,
    secretIs: "the ?code= query secret (32–128 characters)",
    exampleSecret: `${input.name}-example-code-0123456789abcdef0123456789`.slice(0, 40),
    sign(request) {
      const extra = { ...(form ? formShape(request) : {}), ...shape?.(request) };
      return testRequest(scheme, extra.url === undefined ? request : { ...request, url: extra.url }, {
        url: defaultUrl,
        ...extra,
      });
    },
  };
}
