import {
  assertCodeOption,
  assertMediaType,
  assertSecretOption,
  type CodeTransportOptions,
  defineSignedReceiver,
  MAX_CODE_LENGTH,
  MIN_CODE_LENGTH,
  parseJsonObject,
  type Receiver,
  resolveSecrets,
  type SecretInput,
  type SignatureScheme,
  type VerifiedParts,
  verifyCodeQuery,
  WebhookError,
  type WebhookRequest,
} from "@hookwire/core";
import type { CustomActionMap, CustomEvents } from "./events.js";
import { msSignatureScheme } from "./scheme.js";

const PACKAGE = "@hookwire/custom";

/** Options of {@link custom}. */
export interface CustomOptions extends CodeTransportOptions {
  /**
   * The registration's secret (32–128 characters, as ASP.NET WebHooks required); a list accepts
   * any (rotation); a function looks it up per request (ASP.NET's `{id}` → secret table).
   */
  secret: SecretInput;
  /**
   * Also require ASP.NET's `code` query secret on POSTs (32–128 characters; the sender's URL ends in
   * `?code=<it>`). The echo GET carries no code: the ASP.NET sender replaces the query with `echo=…`.
   */
  code?: SecretInput;
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The custom receiver type. */
export type CustomReceiver<TActions extends CustomActionMap = CustomActionMap> = Receiver<
  CustomEvents<TActions>,
  "custom"
>;

function checkLength(secrets: readonly string[]): void {
  for (const secret of secrets) {
    if (secret.length < MIN_CODE_LENGTH || secret.length > MAX_CODE_LENGTH) {
      throw new WebhookError(
        "CONFIGURATION_INVALID",
        `[${PACKAGE}] The secret must be between ${MIN_CODE_LENGTH} and ${MAX_CODE_LENGTH} characters, as in ASP.NET WebHooks. Use the secret of the WebHook registration (generate one with \`openssl rand -hex 16\`).`,
      );
    }
  }
}

/**
 * A receiver for what ASP.NET WebHooks senders POST, so existing senders can point at Hookwire.
 *
 * Verifies `ms-signature: sha256=<hex HMAC-SHA256 of the raw body>` (any case of hex), answers the
 * registration check `GET ?echo=<value>` with the value as `text/plain`, and reads the body
 * `{ Id, Attempt, Properties, Notifications: [{ Action, … }] }`. The type is the notifications'
 * `Action` when they all share one, otherwise `batch`; the id is `Id` (stable across retries).
 * Type your actions with the type parameter.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { custom } from "@hookwire/custom";
 *
 * const hooks = createWebhooks({
 *   receivers: { legacy: custom<{ "order.created": { OrderId: number } }>({ secret: process.env.ASPNET_WEBHOOK_SECRET! }) },
 * });
 * hooks.on("legacy", "order.created", async (event) => {
 *   for (const n of event.payload.Notifications) console.log(n.OrderId);
 * });
 * ```
 */
export function custom<TActions extends CustomActionMap = CustomActionMap>(
  options: CustomOptions,
): CustomReceiver<TActions> {
  assertSecretOption(options?.secret, PACKAGE);
  if (typeof options.secret !== "function") {
    checkLength(typeof options.secret === "string" ? [options.secret] : options.secret);
  }
  if (options.code !== undefined) assertCodeOption(options.code, PACKAGE);
  const lookedUp = typeof options.secret === "function";
  /** ms-signature, after the secret length (of a looked-up secret) and the `code` when configured. */
  const signature = (request: WebhookRequest, secrets: readonly string[]) => {
    if (lookedUp) checkLength(secrets);
    return msSignatureScheme.verify(request, secrets);
  };
  const code = options.code;
  const scheme: SignatureScheme = {
    verify:
      code === undefined
        ? signature
        : async (request, secrets) => {
            await verifyCodeQuery(
              request,
              { code, allowHttp: options.allowHttp, trustProxy: options.trustProxy },
              PACKAGE,
            );
            return signature(request, secrets);
          },
    sign: msSignatureScheme.sign,
  };
  return defineSignedReceiver<CustomEvents<TActions>, "custom">({
    provider: "custom",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    secret: options.secret,
    scheme,
    parse,
    handshakeMethods: ["GET"],
    async handshake(request) {
      if (request.method !== "GET") return undefined;
      // As ASP.NET did: a receiver without a secret does not answer the echo.
      const found = resolveSecrets(options.secret, request, PACKAGE);
      if (!Array.isArray(found)) await found;
      let echo: string | null = null;
      try {
        echo = new URL(request.url).searchParams.get("echo");
      } catch {
        echo = null;
      }
      if (echo === null) {
        throw new WebhookError(
          "HANDSHAKE_FAILED",
          `[${PACKAGE}] The GET request has no 'echo' query parameter.`,
          {
            status: 400,
          },
        );
      }
      return new Response(echo, {
        status: 200,
        headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" },
      });
    },
  });
}

/** After the signature check: the batch, its actions and its id. */
function parse(request: WebhookRequest): VerifiedParts {
  assertMediaType(request, ["application/json"], PACKAGE);
  const payload = parseJsonObject<Record<string, unknown>>(request.body, PACKAGE);
  const notifications = payload.Notifications;
  if (!Array.isArray(notifications) || notifications.length === 0) {
    throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no Notifications.`);
  }
  const actions: string[] = [];
  for (const notification of notifications) {
    const action = (notification as { Action?: unknown } | null)?.Action;
    if (typeof action !== "string" || action === "") {
      throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] A notification has no Action.`);
    }
    if (!actions.includes(action)) actions.push(action);
  }
  return {
    type: actions.length === 1 ? actions[0]! : "batch",
    id: typeof payload.Id === "string" && payload.Id !== "" ? payload.Id : undefined,
    payload,
    meta: { attempt: payload.Attempt, actions, properties: payload.Properties },
  };
}
