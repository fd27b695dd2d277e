import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { createWebhooks, type ProviderDescriptor, WebhookError } from "@hookwire/core";
import { createNodeHandler } from "@hookwire/core/node";
import type { DispatcherOptions } from "@hookwire/server";
import manifest from "../package.json" with { type: "json" };
import { providers } from "./providers.js";

/** The CLI's version, as published (`hookwire --version`). */
export const VERSION: string = manifest.version;

/**
 * Exit codes scripts can rely on: 0 success, 1 failure (a non-2xx answer, an unreachable URL, a
 * runtime error), 2 usage error.
 *
 * @example
 * ```ts
 * if ((await main(["send", "github", url, "--secret", s, "--file", f])) === EXIT.failure) console.error("not 2xx");
 * ```
 */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * Where the CLI writes; replaceable in tests.
 *
 * @example
 * ```ts
 * let output = "";
 * const io: Io = { out: (t) => { output += t; }, err: (t) => { output += t; }, color: false };
 * await main(["sign", "github", "--secret", "s", "--file", "payload.json"], io);
 * ```
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour only on a TTY, and never with NO_COLOR. */
  color: boolean;
}

const defaultIo = (): Io => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
});

class UsageError extends Error {}

const paint = (io: Io, code: number, text: string) => (io.color ? `\u001b[${code}m${text}\u001b[0m` : text);
const green = (io: Io, t: string) => paint(io, 32, t);
const red = (io: Io, t: string) => paint(io, 31, t);
const dim = (io: Io, t: string) => paint(io, 2, t);
const bold = (io: Io, t: string) => paint(io, 1, t);

const PROVIDERS = Object.entries(providers)
  .map(([name, p]) => {
    const notes = [p.secretIs && `secret: ${p.secretIs}`, p.eventOption && `--event: ${p.eventOption}`]
      .filter(Boolean)
      .join("; ");
    return `  ${name}${notes ? ` — ${notes}` : ""}`;
  })
  .join("\n");

const HELP: Record<string, string> = {
  main: `hookwire — webhooks in both directions

Usage: hookwire <command> [options]
       hookwire --version

Commands:
  serve    run the dispatcher: the management API and the delivery worker
  sign     print the headers a provider would send for a payload
  send     sign a payload and POST it to a URL, print the answer
  listen   a local receiver that verifies and prints every webhook

Run "hookwire <command> --help" for a command's options.
Exit codes: 0 success, 1 failure (e.g. a non-2xx answer), 2 usage error.`,
  serve: `hookwire serve — the dispatcher (management API + delivery worker)

Options:
  --port <n>                 port to listen on (default 8080)
  --host <addr>              address to bind (default 127.0.0.1)
  --database <file|url>      a SQLite file (default hookwire.db) or postgres://…
  --api-key <key[:owner]>    an API key, bound to an owner; repeat for several (or HOOKWIRE_API_KEY)
  --allow-private-network    deliver to private and loopback addresses (and allow http:// URLs)
  --quiet                    no line per delivery attempt (by default one is printed for each)
  --no-worker                serve the API only
  --worker-only              run the delivery worker only, no API
  --concurrency <n>          delivery attempts at once (default 16)
  --retry-schedule <ms,…>    delays before each attempt (default 0,5000,300000,1800000,7200000,18000000,36000000,36000000)
  --timeout-ms <n>           timeout of one attempt (default 15000); a crashed worker's deliveries
                             are taken again after twice this plus 5 s
  --schema <name>            PostgreSQL schema (default hookwire)
  --max-body-bytes <n>       largest API request body (default 1048576); larger ones get 413
  --portal-frame-ancestors <origin>
                             an origin allowed to show the customer portal in an iframe (CSP
                             frame-ancestors), e.g. https://app.example.com; repeat or separate
                             with commas for several (default none: the portal cannot be framed)

Every delivery attempt prints one line: time, event type, delivery id, attempt number, the answer
(HTTP status or error), the duration and what happens next. --quiet turns these lines off.`,
  sign: `hookwire sign <provider> --secret <secret> --file <payload.json> [--event <type>] [--url <url>]

Prints the request line and headers the provider would send, for curl and tests. The payload
file is sent byte for byte (providers whose body is a form or XML: a JSON file is encoded as
the provider does, and the body is printed). Providers that carry the event type outside the
body (listed with --event below) need --event: it is never guessed.

Providers:
${PROVIDERS}`,
  send: `hookwire send <provider> <url> --secret <secret> --file <payload.json> [--event <type>] [--repeat <n>]

Signs the payload as the provider would, POSTs it to <url>, prints status, headers and body.
--repeat sends it n times (progress on stderr when it is a TTY). --event as for sign: required
by the providers listed with --event below, never guessed.
Exit code 1 when an answer is not 2xx or the URL cannot be reached.

Providers:
${PROVIDERS}`,
  listen: `hookwire listen --port <n> --receiver <provider>=<secret> [--receiver …] [--host <addr>]

A local receiver: POST /<provider> (or /webhooks/<provider>). Verifies each request, answers
handshakes, and prints the type, id and verification result of every webhook. Ctrl-C stops it.

Providers:
${PROVIDERS}`,
};

function whole(
  value: string | undefined,
  flag: string,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} is a whole number ≥ ${min}, not "${value}".`);
  if (n > max) throw new UsageError(`${flag} is at most ${max}, not "${value}".`);
  return n;
}

function noExtra(positionals: string[], expected: number, usage: string): void {
  if (positionals.length > expected)
    throw new UsageError(`Unexpected argument "${positionals[expected]}": ${usage}`);
}

/** A receiver or signer refusing its secret is a usage error: the secret is an argument. */
function asUsage<T>(flag: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (WebhookError.isInstance(error) && error.code === "CONFIGURATION_INVALID")
      throw new UsageError(`${flag}: ${error.message}`);
    throw error;
  }
}

function provider(name: string | undefined) {
  if (!name) throw new UsageError("Name a provider.");
  const found = providers[name];
  if (!found)
    throw new UsageError(`Unknown provider "${name}". Known: ${Object.keys(providers).join(", ")}.`);
  return found;
}

function readPayload(file: string | undefined): Uint8Array {
  if (!file) throw new UsageError("--file <payload> is required.");
  try {
    return readFileSync(file === "-" ? 0 : file);
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

function url(value: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new UsageError(`"${value}" is not a URL.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new UsageError(`"${value}" is not an http:// or https:// URL.`);
  return parsed;
}

/** Whether a JSON payload file goes to the provider's signer as an object, which writes the body. */
function signsObject(p: ProviderDescriptor | undefined): boolean {
  return p?.encodesJson === true || p?.timestampInBody === true;
}

async function signed(
  name: string | undefined,
  values: Record<string, string | undefined>,
  url?: string,
): Promise<Request> {
  const p = provider(name);
  if (!values.secret) throw new UsageError("--secret is required.");
  if (p.eventOption && !values.event)
    throw new UsageError(
      `${name} needs --event <type>: it sets ${p.eventOption.replace(/ \(.*$/, "")}, and is never guessed.`,
    );
  const bytes = readPayload(values.file);
  let payload: unknown = bytes;
  if (signsObject(p)) {
    try {
      payload = JSON.parse(Buffer.from(bytes).toString("utf8"));
    } catch {
      // not JSON: already in the provider's format, sent as it is
    }
  }
  const input = {
    secret: values.secret,
    payload,
    ...(values.event ? { event: values.event } : {}),
    ...(url ? { url } : values.url ? { url: values.url } : {}),
  };
  try {
    return await p.sign(input);
  } catch (error) {
    if (WebhookError.isInstance(error) && error.code === "CONFIGURATION_INVALID")
      throw new UsageError(`--secret: ${error.message}`);
    throw error;
  }
}

async function sign(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      secret: { type: "string" },
      file: { type: "string" },
      event: { type: "string" },
      url: { type: "string" },
    },
  });
  noExtra(positionals, 1, "hookwire sign <provider> --secret <secret> --file <payload> …");
  if (values.url !== undefined) url(values.url);
  const request = await signed(positionals[0], values);
  io.out(`${request.method} ${request.url}\n`);
  for (const [key, value] of request.headers) io.out(`${key}: ${value}\n`);
  // the signer wrote the body (encoded it, or stamped its timestamp): show what was signed
  if (signsObject(providers[positionals[0]!])) io.out(`\n${await request.text()}\n`);
  return EXIT.ok;
}

async function send(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      secret: { type: "string" },
      file: { type: "string" },
      event: { type: "string" },
      repeat: { type: "string" },
    },
  });
  noExtra(positionals, 2, "hookwire send <provider> <url> --secret <secret> --file <payload> …");
  const target = positionals[1];
  if (!target) throw new UsageError("Give the URL to send to: hookwire send <provider> <url> …");
  url(target);
  const repeat = whole(values.repeat, "--repeat") ?? 1;
  provider(positionals[0]);
  let failures = 0;
  let last: { response: Response; text: string } | undefined;
  for (let i = 0; i < repeat; i++) {
    const request = await signed(positionals[0], values, target);
    // request.url, not url: some schemes put the secret in the query (?code=…)
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: await request.arrayBuffer(),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(
        `Cannot reach ${target}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`,
      );
    }
    last = { response, text: await response.text() };
    if (!response.ok) failures++;
    if (repeat > 1 && io.color) io.err(`\r${dim(io, `sent ${i + 1}/${repeat}`)}`);
  }
  if (repeat > 1 && io.color) io.err("\n");
  const { response, text } = last!;
  io.out(`${(response.ok ? green : red)(io, `HTTP ${response.status} ${response.statusText}`)}\n`);
  for (const [key, value] of response.headers) io.out(`${dim(io, `${key}:`)} ${value}\n`);
  io.out(`\n${text}\n`);
  if (repeat > 1) io.out(`${repeat - failures}/${repeat} answered 2xx\n`);
  return failures === 0 ? EXIT.ok : EXIT.failure;
}

async function listen(args: string[], io: Io, signal?: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      receiver: { type: "string", multiple: true },
    },
  });
  const specs = values.receiver ?? [];
  if (specs.length === 0) throw new UsageError("Give at least one --receiver <provider>=<secret>.");
  const port = whole(values.port, "--port", 0, 65535) ?? 4000;
  const receivers: Record<string, ReturnType<(typeof providers)[string]["receiver"]>> = {};
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq <= 0 || eq === spec.length - 1)
      throw new UsageError(`--receiver takes <provider>=<secret>, not "${spec}".`);
    const name = spec.slice(0, eq);
    const entry = provider(name);
    receivers[name] = asUsage(`--receiver ${name}`, () => entry.receiver(spec.slice(eq + 1)));
  }
  const hooks = createWebhooks({
    receivers,
    onError: (error, context) => {
      if (context.phase === "verify" || context.phase === "route" || context.phase === "handshake") {
        io.out(
          `${red(io, "✗")} ${bold(io, context.receiver ?? "?")} ${red(io, error.code)} ${dim(io, error.message)}\n`,
        );
      }
    },
  });
  for (const name of Object.keys(receivers)) {
    hooks.on(name, "*", (event) => {
      io.out(
        `${green(io, "✓")} ${bold(io, name)} ${event.type} ${dim(io, `id=${event.id ?? "-"} verified`)}\n`,
      );
      const preview = JSON.stringify(event.payload);
      io.out(`  ${dim(io, preview.length > 200 ? `${preview.slice(0, 200)}…` : preview)}\n`);
    });
  }
  const server = createServer(createNodeHandler(hooks));
  const host = values.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(`Cannot listen on ${host}:${port}: ${error.code ?? error.message}.`)),
    );
    server.listen(port, host, resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  io.out(
    `listening on http://${host}:${actual} — POST /<provider> for ${Object.keys(receivers).join(", ")}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    signal?.addEventListener("abort", stop);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return EXIT.ok;
}

/** The store for a `--database` value, loaded only now: `sign`, `send` and `listen` never load a driver. */
async function openStore(
  database: string,
  schema: string | undefined,
): Promise<NonNullable<DispatcherOptions["store"]>> {
  const postgres = /^postgres(ql)?:\/\//.test(database);
  const name = postgres ? "@hookwire/store-postgres" : "@hookwire/store-sqlite";
  let loaded: typeof import("@hookwire/store-postgres") | typeof import("@hookwire/store-sqlite");
  try {
    loaded = postgres ? await import("@hookwire/store-postgres") : await import("@hookwire/store-sqlite");
  } catch (error) {
    if (
      (error as { code?: string }).code === "ERR_MODULE_NOT_FOUND" ||
      (error as { code?: string }).code === "MODULE_NOT_FOUND"
    )
      throw new Error(
        `--database ${postgres ? "postgres://…" : database} needs ${name}: npm install ${name}`,
      );
    throw error;
  }
  return "postgresStore" in loaded
    ? loaded.postgresStore({ connectionString: database, ...(schema ? { schema } : {}) })
    : loaded.sqliteStore({ filename: database });
}

const time = (at: number) => new Date(at).toISOString().slice(11, 23);

async function serve(args: string[], io: Io, signal?: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      database: { type: "string" },
      "api-key": { type: "string", multiple: true },
      "allow-private-network": { type: "boolean" },
      "no-worker": { type: "boolean" },
      "worker-only": { type: "boolean" },
      concurrency: { type: "string" },
      "retry-schedule": { type: "string" },
      "timeout-ms": { type: "string" },
      schema: { type: "string" },
      "max-body-bytes": { type: "string" },
      "portal-frame-ancestors": { type: "string", multiple: true },
      quiet: { type: "boolean" },
    },
  });
  // Every argument is checked here, before anything opens (a SQLite file is created on open).
  const keys = [
    ...(values["api-key"] ?? []),
    ...(process.env.HOOKWIRE_API_KEY ? [process.env.HOOKWIRE_API_KEY] : []),
  ];
  if (keys.length === 0 && !values["worker-only"])
    throw new UsageError("Give an API key: --api-key <key> (16+ characters) or HOOKWIRE_API_KEY.");
  const apiKeys = keys.map((k) => {
    const colon = k.indexOf(":");
    return colon < 0 ? { key: k, owner: "" } : { key: k.slice(0, colon), owner: k.slice(colon + 1) };
  });
  for (const { key } of apiKeys)
    if (key.length < 16)
      throw new UsageError(`An API key has 16 characters or more; "${key.slice(0, 3)}…" has ${key.length}.`);
  if (values["no-worker"] && values["worker-only"])
    throw new UsageError("--no-worker and --worker-only exclude each other.");
  const port = whole(values.port, "--port", 0, 65535) ?? 8080;
  const concurrency = whole(values.concurrency, "--concurrency");
  const timeoutMs = whole(values["timeout-ms"], "--timeout-ms");
  const maxBodyBytes = whole(values["max-body-bytes"], "--max-body-bytes");
  const schedule = values["retry-schedule"]
    ?.split(",")
    .map((n) => (n.trim() === "" ? Number.NaN : Number(n)));
  if (schedule?.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new UsageError("--retry-schedule is a comma-separated list of milliseconds.");
  }
  const database = values.database ?? "hookwire.db";
  if (database.trim() === "") throw new UsageError("--database is a SQLite file or a postgres:// URL.");
  if (values.schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(values.schema))
    throw new UsageError(`--schema is a plain identifier (letters, digits, _), not "${values.schema}".`);

  const frameAncestors = (values["portal-frame-ancestors"] ?? []).flatMap((v) =>
    v
      .split(",")
      .map((source) => source.trim())
      .filter(Boolean),
  );

  const { createDispatcher, isFrameAncestorSource } = await import("@hookwire/server");
  const badSource = frameAncestors.find((source) => !isFrameAncestorSource(source));
  if (badSource !== undefined)
    throw new UsageError(
      `--portal-frame-ancestors takes origins such as https://app.example.com, https://*.example.com or 'self', not "${badSource}".`,
    );
  const store = await openStore(database, values.schema);
  const dispatcher = createDispatcher({
    store,
    apiKeys: apiKeys.length > 0 ? apiKeys : [{ key: "worker-only-unused-key" }],
    // the one development switch (http:// and local addresses), named as this command names it
    allowPrivateNetwork: values["allow-private-network"] ?? false,
    developmentSwitchName: "--allow-private-network",
    worker: !values["no-worker"],
    api: !values["worker-only"],
    ...(concurrency ? { concurrency } : {}),
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
    ...(schedule ? { retrySchedule: schedule } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(frameAncestors.length > 0 ? { console: { portalFrameAncestors: frameAncestors } } : {}),
  });
  if (!values.quiet) {
    const { sender } = dispatcher;
    const line = (
      mark: string,
      d: { id: string; eventType: string },
      a: {
        attempt: number;
        startedAt: number;
        status: number | null;
        error: string | null;
        durationMs: number;
      },
      next: string,
    ) =>
      io.out(
        `${dim(io, time(a.startedAt))} ${mark} ${d.eventType} ${dim(io, d.id)} attempt ${a.attempt}: ${a.status ?? a.error ?? "no answer"}${a.status !== null && a.error && a.error !== `HTTP ${a.status}` ? ` ${a.error}` : ""} ${dim(io, `${a.durationMs}ms`)} → ${next}\n`,
      );
    sender.on("delivery.succeeded", ({ delivery, attempt }) =>
      line(green(io, "✓"), delivery, attempt, "delivered"),
    );
    sender.on("delivery.attempt_failed", ({ delivery, attempt, nextAttemptAt }) =>
      line(red(io, "✗"), delivery, attempt, `retry at ${time(nextAttemptAt)}`),
    );
    sender.on("delivery.failed", ({ delivery, attempt }) =>
      line(red(io, "✗"), delivery, attempt, "failed (dead letter)"),
    );
  }
  let address = "";
  try {
    if (!values["worker-only"]) address = (await dispatcher.listen(port, values.host ?? "127.0.0.1")).url;
  } catch (error) {
    await dispatcher.close();
    const code = (error as { code?: string }).code;
    throw new Error(
      `Cannot listen on ${values.host ?? "127.0.0.1"}:${port}: ${code ?? (error as Error).message}.`,
    );
  }
  io.out(
    `hookwire dispatcher ${address ? `listening on ${address}` : "(worker only)"} — database ${/^postgres(ql)?:/.test(database) ? "postgres" : database}, worker ${values["no-worker"] ? "off" : "on"}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    if (signal?.aborted) stop();
    signal?.addEventListener("abort", stop);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await dispatcher.close();
  return EXIT.ok;
}

const COMMANDS: Record<string, (args: string[], io: Io, signal?: AbortSignal) => Promise<number>> = {
  serve,
  sign,
  send,
  listen,
};

/**
 * Run the `hookwire` command with its arguments; resolves with the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await main(["sign", "github", "--secret", "s", "--file", "payload.json", "--event", "push"]);
 * ```
 */
export async function main(argv: string[], io: Io = defaultIo(), signal?: AbortSignal): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--version" || command === "-v" || command === "version") {
    io.out(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (!command || command === "--help" || command === "-h" || command === "help") {
    io.out(`${HELP.main}\n`);
    return command ? EXIT.ok : EXIT.usage;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`Unknown command "${command}".\n\n${HELP.main}\n`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`${HELP[command]}\n`);
    return EXIT.ok;
  }
  try {
    return await run(rest, io, signal);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`${red(io, "error:")} ${(error as Error).message}\n\n${HELP[command]}\n`);
      return EXIT.usage;
    }
    io.err(
      `${red(io, "error:")} ${WebhookError.isInstance(error) ? `${error.code} ${error.message}` : (error as Error).message}\n`,
    );
    return EXIT.failure;
  }
}
