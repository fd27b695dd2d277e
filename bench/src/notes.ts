/** What the numbers mean, where Hookwire falls short of a target, and why. Appended to docs/benchmarks.md. */
export const notes = `## Targets, shortfalls and why

Targets: verification at least as fast as every peer; end-to-end receiving at ≥ 0.85 of the bare
framework; SQLite delivery at ≥ 0.4 of the raw POST limit; PostgreSQL throughput growing with workers.
They are reported here and never asserted in tests. Where a target is missed, this is what we found.

**Verification** (targets: GitHub ≥ 1.05× \`@octokit/webhooks-methods\` verify + \`JSON.parse\`, Stripe ≥ 1.1×
\`constructEvent\`, ≥ 0.8× the "HMAC + timingSafeEqual + JSON.parse" limit row). Measured per CPU-second
(section 1). Met: Standard Webhooks 2.6× its peer; at 100 KiB every provider ≥ 0.8 of the limit and Stripe
1.16× \`constructEvent\`. Missed at 1 KiB: GitHub 0.77× octokit and 0.75× the limit, Stripe 1.01×
\`constructEvent\` and 0.64× the limit, Standard Webhooks 0.54× and Slack 0.61× the limit. What changed:
on the Node path the headers are Node's own object behind a reader (no Web \`Headers\` to build or read
through undici's checks: the "Web Headers" rows show that cost, 3–8 % at 1 KiB); one hex signature is
compared against the hex text without a candidate array or a decoded copy; UTF-8 and base64 are decoded by
Node's native decoders where the runtime has them (\`TextDecoder\` and \`atob\` elsewhere). A CPU profile of
\`github().verify\` on 1 KiB (\`node --cpu-prof\`, self time) at the measured commit: \`createHmac\` + \`update\` +
\`digest\` 32 %, \`JSON.parse\` 14 %, garbage collection 6 %, the hex comparison in JavaScript 6 %, the
provider's own \`verify\` (five header reads, the content-type check, the event type from the payload's
\`action\`, the parts object) 3 %, core's \`verify\` wrapper and event object 2 %, the UTF-8 decode 1.4 %,
header reads 1.2 %, the rest spread thin. After the measured run, the hex comparison moved to Node's
native hex decoder + \`crypto.timingSafeEqual\` and \`defineReceiver\` lost an async frame; a short CPU-clock
run showed no difference beyond this machine's noise (GitHub 0.69–0.74× octokit), so the tables stand. The limit row is the same HMAC and
\`JSON.parse\` with nothing around them; the remaining 1.5–2 µs per call are the event Hookwire hands to
handlers (type, id, payload, receivedAt, meta) and two promise steps (the receiver and the provider's
async \`verify\`). The provider-side part (header reads, the \`action\` lookup, an async \`verify\` that could
return its parts synchronously) lives in the provider packages, not in core; the Stripe 1 KiB gap has the
same shape (\`stripe-signature\` parsing in \`@hookwire/stripe\`, timestamp check, event object).

**Receiving end to end** (targets: \`createNodeHandler\` ≥ 1.1× octokit's \`createNodeMiddleware\` and ≥ 0.6×
bare \`node:http\` reading the body; Express and Koa ≥ 0.85× an empty route reading the body, Fastify ≥ 0.7×
an empty route with a buffer parser; a Next.js pages row). On this shared 2-core machine requests per
second swing by 2–3× between runs (the load generator, the server and other work share the cores), so
section 2 also reports each server's own CPU time per request; its ratios are the steadier ones. In the
run above: \`createNodeHandler\` is 1.20× octokit by CPU per request (met) but 0.97× by req/s (missed in
that run; other runs gave 0.93–2.2), and 0.60× bare by req/s (met in that run) but 0.51× by CPU
(missed); Express 0.84 by req/s, 0.87 by CPU (met by CPU, just short by req/s); Koa 0.87 / 0.82 (met by
req/s); Fastify 0.69 / 0.57 (missed); the Next.js pages handler 0.58 / 0.47 against a bare pages route
(no target). The change took the CPU per request of every Hookwire row to 0.24–0.38 of what it was
(table above): the Node path wraps Node's header object, routes before reading (404/405 never read the
upload), answers with a plain result written by \`writeHead\`/\`end\` (no \`Response\` built or read back),
finds handlers in an index built at \`on()\` time, reads the body with module-level listeners (no closures
per request), and every adapter goes through the same bridge (the Fastify plugin no longer buffers through
its own parser and converter). A CPU profile of the \`createNodeHandler\` server under load after the change
(\`node --cpu-prof\`, self time, startup excluded): socket writes (\`writev\`) 47 %, Node's HTTP parser,
streams, events and microtasks 22 %, Hookwire's own JavaScript 12 % (router 3 %, bridge 3 %, \`JSON.parse\`
inside \`parseJson\` and the GitHub receiver 5 %), HMAC 11 %, garbage collection 6.5 %. The bare row does the
same socket write and HTTP parsing; what separates them is the HMAC, \`JSON.parse\` of 1 KiB and Hookwire's
12 % — about 18 µs of CPU per request against the bare row's 18 µs. Against the cheapest frameworks
(Fastify at 26 µs per request for an empty route) that fixed cost is what keeps the ratio under 0.7; a
further step would be to drop the promise steps between the bridge, the router, the receiver and the
handlers for synchronous receivers and handlers.

**Sending** (targets: one worker process × 16 in flight ≥ 0.4 of the raw POST loop on SQLite and ≥ 0.3 on
PostgreSQL; with a 50 ms endpoint, 4 PostgreSQL processes ≥ 3.5× one and 2 SQLite processes ≥ 1.8× one;
fan-out to 100,000 subscriptions < 2 s; 10 matching of 100,000 < 20 ms). What changed: outcomes are
group-committed (one \`completeMany\` transaction for everything finished in a turn of the event loop,
one statement on PostgreSQL), a worker leases for all its free slots at once, signing keys are cached per
subscription, filters are matched in SQL through a filter index, health writes are column-level
operations (no read-modify-write, and no store call at all for a success on a healthy subscription),
PostgreSQL leases commit without waiting for the WAL flush (a lost lease only makes a delivery due again),
walk the due index whatever the statistics say, and skip a subscription another worker is leasing.
Met: both fan-out targets on SQLite and the 10-of-100,000 target on PostgreSQL (4.5× to 15,000× faster
than before). Missed, with what the profiles show:

- *PostgreSQL fan-out, 100,000 deliveries*: 1.8–2.7 s across runs against 2 s, from 8.9 s. It is one
  \`INSERT … SELECT\` (no rows cross to JavaScript); the time is PostgreSQL writing 100,000 rows into the
  deliveries table and its four indexes (primary key, due, owner, event) on a machine at load average 15–20.
- *Throughput ratios*: one SQLite worker went from 752 to 990 deliveries/s and one PostgreSQL worker from
  220 to 342 in the runs above, but the raw loop's own rate moved between 1.0 k and 6.8 k requests/s
  from round to round, so the ratios (0.22 and 0.08) are inside its noise and below the targets. A CPU
  profile of one SQLite worker (\`node --cpu-prof\`, \`bench/src/profile-send.ts sqlite\`, 4,000 deliveries)
  puts about a quarter of its time in undici (request set-up, header parsing, socket writes — the same
  work the raw loop does), 17 % in SQLite transactions (12.5 % leasing, 4 % recording outcomes), 4.5 % in
  garbage collection, 2 % signing, and 11.5 % idle waiting on the receiver, which runs in another process
  on the same two loaded cores (the raw loop's client and receiver share one process). The PostgreSQL
  worker's profile is 40 % idle and 25 % inside \`pg\` query writes: it waits on round trips to a database
  server that competes for the same two cores — a lease is one transaction of about five statements,
  an outcome batch one statement.
- *Latency-bound scaling*: see the table; one PostgreSQL process reaches 160–195 deliveries/s of the
  320/s that 16 slots at 50 ms allow, i.e. on this machine each process is already bound by CPU and
  database round trips rather than by the endpoint's latency, and adding processes adds CPU demand to two
  cores that four other engineers' builds keep saturated. The condition the target assumes (processes
  waiting on the endpoint, spare CPU) did not hold in any run here; the measurement should be repeated on
  an idle machine. Queueing behind a busy subscription's row (the cross-process cap) was a real cost in
  the first after-run and is gone (leases skip a subscription that is being leased).

Nothing lost: the SIGKILL loops (\`packages/stores/*/test/kill.test.ts\`, 2,000 deliveries) pass on this
code on both stores; the 5,000-delivery crash loops of the reliability suite
(\`bench/reliability/crash-loop.test.ts\`, 12 SIGKILLs each) delivered every event on SQLite and on
PostgreSQL in a run on the final code (68 s and 149 s).

**Memory.** Receiving 100,000 webhooks leaves the heap flat between rounds (7.5 → 7.6 MiB after the lean
receive path, target met); with the idempotency store on it
grows by the ids it keeps (bounded, expiring). Delivering 100,000 events leaves the heap flat after the first
round.
`;
