import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { createWebhooks, WebhookError } from "@hookwire/core";
import { createNodeHandler } from "@hookwire/core/node";
import { createDispatcher } from "@hookwire/server";
import { providers } from "./providers.js";

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
  --no-worker                serve the API only
  --worker-only              run the delivery worker only, no API
  --concurrency <n>          delivery attempts at once (default 16)
  --retry-schedule <ms,…>    delays before each attempt (default 0,5000,300000,1800000,7200000,18000000,36000000,36000000)
  --timeout-ms <n>           timeout of one attempt (default 15000); a crashed worker's deliveries
                             are taken again after twice this plus 5 s
  --schema <name>            PostgreSQL schema (default hookwire)
  --max-body-bytes <n>       largest API request body (default 1048576); larger ones get 413`,
  sign: `hookwire sign <provider> --secret <secret> --file <payload.json> [--event <type>] [--url <url>]

Prints the request line and headers the provider would send, for curl and tests. The payload
file is sent byte for byte (providers whose body is a form or XML: a JSON file is encoded as
the provider does, and the body is printed).

Providers:
${PROVIDERS}`,
  send: `hookwire send <provider> <url> --secret <secret> --file <payload.json> [--event <type>] [--repeat <n>]

Signs the payload as the provider would, POSTs it to <url>, prints status, headers and body.
--repeat sends it n times (progress on stderr when it is a TTY).
Exit code 1 when an answer is not 2xx or the URL cannot be reached.

Providers:
${PROVIDERS}`,
  listen: `hookwire listen --port <n> --receiver <provider>=<secret> [--receiver …] [--host <addr>]

A local receiver: POST /<provider> (or /webhooks/<provider>). Verifies each request, answers
handshakes, and prints the type, id and verification result of every webhook. Ctrl-C stops it.

Providers:
${PROVIDERS}`,
};

function whole(value: string | undefined, flag: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} is a whole number ≥ ${min}, not "${value}".`);
  return n;
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

async function signed(
  name: string | undefined,
  values: Record<string, string | undefined>,
  url?: string,
): Promise<Request> {
  const p = provider(name);
  if (!values.secret) throw new UsageError("--secret is required.");
  const bytes = readPayload(values.file);
  let payload: unknown = bytes;
  if (p.encodesJson) {
    try {
      payload = JSON.parse(Buffer.from(bytes).toString("utf8"));
    } catch {
      // not JSON: already in the provider's format, sent as it is
    }
  }
  return p.sign({
    secret: values.secret,
    payload,
    ...(values.event ? { event: values.event } : {}),
    ...(url ? { url } : values.url ? { url: values.url } : {}),
  });
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
  const request = await signed(positionals[0], values);
  io.out(`${request.method} ${request.url}\n`);
  for (const [key, value] of request.headers) io.out(`${key}: ${value}\n`);
  if (providers[positionals[0]!]?.encodesJson) io.out(`\n${await request.text()}\n`);
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
  const url = positionals[1];
  if (!url) throw new UsageError("Give the URL to send to: hookwire send <provider> <url> …");
  try {
    new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a URL.`);
  }
  const repeat = Number(values.repeat ?? 1);
  if (!Number.isInteger(repeat) || repeat < 1) throw new UsageError("--repeat is a whole number ≥ 1.");
  let failures = 0;
  let last: { response: Response; text: string } | undefined;
  for (let i = 0; i < repeat; i++) {
    const request = await signed(positionals[0], values, url);
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
      throw new Error(`Cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`);
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
  const receivers: Record<string, ReturnType<(typeof providers)[string]["receiver"]>> = {};
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq <= 0) throw new UsageError(`--receiver takes <provider>=<secret>, not "${spec}".`);
    receivers[spec.slice(0, eq)] = provider(spec.slice(0, eq)).receiver(spec.slice(eq + 1));
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
  const port = whole(values.port, "--port", 0) ?? 4000;
  const host = values.host ?? "127.0.0.1";
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
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
    },
  });
  const keys = [
    ...(values["api-key"] ?? []),
    ...(process.env.HOOKWIRE_API_KEY ? [process.env.HOOKWIRE_API_KEY] : []),
  ];
  if (keys.length === 0 && !values["worker-only"])
    throw new UsageError("Give an API key: --api-key <key> (16+ characters) or HOOKWIRE_API_KEY.");
  if (values["no-worker"] && values["worker-only"])
    throw new UsageError("--no-worker and --worker-only exclude each other.");
  const port = whole(values.port, "--port", 0) ?? 8080;
  const concurrency = whole(values.concurrency, "--concurrency");
  const timeoutMs = whole(values["timeout-ms"], "--timeout-ms");
  const maxBodyBytes = whole(values["max-body-bytes"], "--max-body-bytes");
  const schedule = values["retry-schedule"]?.split(",").map((n) => Number(n.trim()));
  if (schedule && (schedule.length === 0 || schedule.some((n) => !Number.isFinite(n) || n < 0))) {
    throw new UsageError("--retry-schedule is a comma-separated list of milliseconds.");
  }
  const dispatcher = createDispatcher({
    database: values.database ?? "hookwire.db",
    ...(values.schema ? { schema: values.schema } : {}),
    apiKeys:
      keys.length > 0
        ? keys.map((k) => ({ key: k.split(":")[0]!, owner: k.split(":")[1] ?? "" }))
        : [{ key: "worker-only-unused-key" }],
    allowPrivateNetwork: values["allow-private-network"] ?? false,
    allowHttp: values["allow-private-network"] ?? false,
    worker: !values["no-worker"],
    api: !values["worker-only"],
    ...(concurrency ? { concurrency } : {}),
    ...(maxBodyBytes ? { maxBodyBytes } : {}),
    ...(schedule ? { retrySchedule: schedule } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  let url = "";
  if (!values["worker-only"]) url = (await dispatcher.listen(port, values.host ?? "127.0.0.1")).url;
  io.out(
    `hookwire dispatcher ${url ? `listening on ${url}` : "(worker only)"} — database ${values.database ?? "hookwire.db"}, worker ${values["no-worker"] ? "off" : "on"}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
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
