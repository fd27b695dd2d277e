/** What the numbers mean, where Hookwire falls short of a target, and why. Appended to docs/benchmarks.md. */
export const notes = `## Targets, shortfalls and why

Targets: verification at least as fast as every peer; end-to-end receiving at ≥ 0.85 of the bare
framework; SQLite delivery at ≥ 0.4 of the raw POST limit; PostgreSQL throughput growing with workers.
They are reported here and never asserted in tests. Where a target is missed, this is what we found.

**Verification** (targets: GitHub ≥ 1.05× \`@octokit/webhooks-methods\` verify + \`JSON.parse\`, Stripe ≥ 1.1×
\`constructEvent\`, ≥ 0.8× the "HMAC + timingSafeEqual + JSON.parse" limit row). Measured per CPU-second
(section 1; before/after in [benchmarks-before-after.md](./benchmarks-before-after.md)). Met: Standard
Webhooks about 2× its peer; at 100 KiB GitHub and Stripe ≥ 0.8× the limit and Stripe about 1.3×
\`constructEvent\`. Missed at 1 KiB, after the hot-path change (medians of two runs): GitHub 0.72× octokit
and 0.68× the limit, Stripe 1.07× \`constructEvent\` and 0.60× the limit, Standard Webhooks 0.47× and
Slack 0.58× the limit. The change removed every promise step a static secret does not need (a provider's
verify step returns its parts synchronously, \`verifyHmacNow\` answers as a number on Node,
\`defineReceiver\` builds the event without a \`then\`) and the per-request secret list (\`secretResolver\`;
Standard Webhooks no longer maps its keys per request): at 1 KiB GitHub +5 % per CPU-second (0.69 → 0.72×
octokit), Stripe +11 % (1.04 → 1.07× \`constructEvent\`), Slack and Standard Webhooks +4 %; 100 KiB within
noise — small gains, at the edge of this machine's run-to-run noise. A CPU profile of \`github().verify\` on 1 KiB
after the change (\`node --cpu-prof\`, 8 s loop awaiting each call, self time): \`Hmac\` construction 21 %,
\`update\` 9 %, \`digest\` 11 % (HMAC 41 %), \`JSON.parse\` inside \`parseJson\` 18 %, garbage collection
10 %, the UTF-8 decode 2.7 %, the receiver's own code (header reads, content type, the event type from
\`action\`, the parts and event objects) about 5 %, the native hex comparison 2.6 %, the loop's own
\`await\` the rest. The limit row calls the same three HMAC steps and \`JSON.parse\` synchronously; what is
left between us and it is the awaited promise the public API returns (\`verify()\` is async by contract:
a secret may be looked up per request), the UTF-8 decode before \`JSON.parse\` (the limit parses a string it
already has), the event object, and the garbage those make; octokit's row has the same promise but no
event, no header reads and no decode. Closing the rest would mean a synchronous verification entry point
(\`verifySync\` for static secrets) or parsing from the bytes without a decoded copy; neither is done.

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
