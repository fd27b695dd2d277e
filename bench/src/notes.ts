/** What the numbers mean, where Hookwire falls short of a target, and why. Appended to docs/benchmarks.md. */
export const notes = `## Targets, shortfalls and why

Targets: verification at least as fast as every peer; end-to-end receiving at ≥ 0.85 of the bare
framework; SQLite delivery at ≥ 0.4 of the raw POST limit; PostgreSQL throughput growing with workers.
They are reported here and never asserted in tests. Where a target is missed, this is what we found.

**Verification** (targets: GitHub ≥ 1.05× \`@octokit/webhooks-methods\` verify + \`JSON.parse\`, Stripe ≥ 1.1×
\`constructEvent\`, ≥ 0.8× the "HMAC + timingSafeEqual + JSON.parse" limit row). Measured per CPU-second
(section 1; before/after in [benchmarks-before-after.md](./benchmarks-before-after.md)). In the run above,
on a machine otherwise idle but for one mutation-testing process on one core (2026-12-02 07:32 UTC), at
1 KiB: Stripe 1.33× \`constructEvent\` (met) and 0.91× the limit (met); GitHub 0.92× the limit (met) but
0.96× octokit (missed); Slack 0.86× the limit (was 0.70: its signed prefix now reaches the MAC as text,
no \`TextEncoder\` call per request); Standard Webhooks 3.2× its peer and 0.65× its limit row. Every HMAC
key is now a \`KeyObject\` made once per secret (about a tenth of an HMAC's cost on 1 KiB in isolation).
Why GitHub stays under 1.05× octokit: octokit's row is itself 0.97× the limit row, so 1.05× octokit
would be about 1.02× the limit — faster than node:crypto's HMAC, a constant-time comparison and
\`JSON.parse\` alone, which every verifier must do. Instruction counts, which other load on the machine
does not change (\`valgrind --tool=callgrind\`, 40,000 minus 20,000 verifications of the same 1 KiB body,
built packages): ours 76.4 k instructions per verification, octokit's verify + \`JSON.parse\` 73.7 k, the
limit 70.4 k — ours 0.92× the limit, 0.965× octokit. What ours does beyond the limit (CPU profile of a
1.5 M-verification loop, self time): the UTF-8 decode of the body before it (octokit's row is handed a string it already has) 4 %, the
constant-time hex comparison 4 %, the event object (\`receivedAt\` \`Date\`, type from \`action\`) 3 %, header
reads 2 %. Octokit pays two promises and two \`Buffer.from\` per call instead. Closing the last 9 % would
mean hashing and parsing without decoding the body, which \`JSON.parse\` does not allow. On a new machine of
the same kind, idle (2026-12-02 13:28 UTC, dated subsection of section 1): GitHub 1.01× octokit and 0.76× the
limit, Stripe 1.21× \`constructEvent\` (met) and 0.86× its limit (met), Slack 0.82× (met), Standard
Webhooks 0.62× its limit and 3.2× its peer. In that run the promise row came out 14 % faster than
\`verifyNow\`, which does strictly less: the interleaved rounds of one process move single rows by that
much. Timed alone (200,000 calls a case, four rounds), \`verifyNow\`, \`verify()\`, octokit and the limit
row each took 6.7–8.5 µs of CPU per call, within each other's spread; the instruction counts above are the
measure that settles the ratio.

**Receiving end to end** (targets: \`createNodeHandler\` ≥ 1.1× octokit's \`createNodeMiddleware\` and ≥ 0.6×
bare \`node:http\` reading the body; Express and Koa ≥ 0.85× an empty route reading the body, Fastify ≥ 0.7×
an empty route with a buffer parser; a Next.js pages row). Requests per second swing between runs on this
2-core machine (the load generator, the server and other work share the cores), so section 2 also reports
each server's own CPU time per request. In the run above (mostly idle machine): \`createNodeHandler\` 1.31×
octokit by req/s and 1.35× by CPU (met); Express 0.87 / 0.88 (met); Koa 0.91 / 0.93 (met: the adapter
writes the answer itself, past Koa's response machinery, which is why it beats the Koa route with
hand-written verification, 0.75); Fastify 0.70 / 0.71 (met, at the edge; the same Fastify route with
hand-written verification is 0.81); the Next.js pages handler 0.71 / 0.69. Missed: \`createNodeHandler\`
÷ bare \`node:http\` 0.58 by req/s, 0.56 by CPU (target 0.6; 0.60 / 0.57 in the morning's idle run). The
hand-written verifying \`node:http\` server is 0.73 / 0.71: verification alone costs a bare server more
than a quarter of its throughput, leaving about 6 µs of CPU per request between it and Hookwire (27 µs
against 21 µs; 15 µs for bare). Where those 6 µs go (\`node --cpu-prof\` of both servers under the same
load, self time): the router and bridge (\`routeNow\`, \`select\`, path segments, the result written with
\`writeHead\`), the event and handler context objects, two more stream listeners per request (\`error\`,
\`close\`: coded read failures and the handler's abort signal on disconnect), and the promise steps from
the body's end to the handler and back to the write — each under 1 % of the profile, none a hot spot;
socket writes (\`writev\`) dominate both servers. Reaching 0.6 would mean dropping a further 2 µs from
that spread-out path. Then (2026-12-02, 09:50 UTC) the Node bridge reads the body and takes the router's
answer through callbacks (\`createNodeHandler\` makes no promise for a request whose receiver and handlers
are synchronous; \`handleNodeRequest\`, under the adapters, one): by instruction counts
(\`pnpm --filter @hookwire/bench callgrind\`, section 2) 288.3 k → 277.8 k per request, against 273.2 k for
the hand-written verifying server and 191.8 k for bare — Hookwire's work above the hand-written server went
from 15.1 k to 4.6 k instructions; with callgrind's cache simulation (instructions + 10 × first-level
misses + 100 × last-level misses) 403.1 k → 399.1 k estimated cycles, against 375–380 k hand-written.
Whether that reaches 0.6 by CPU time could not be judged this session: from 10:40 UTC the machine ran the
bare row at 27–33 µs of CPU per request instead of 15 µs (the host ran slower: nothing heavy ran beside
the 10:47 run), and in that state every verifying row loses ground against bare alike — the hand-written
server 0.52 (0.71 at 07:32), \`createNodeHandler\` 0.48, octokit 0.31. Against the hand-written verifying
server itself, \`createNodeHandler\` is 0.93 by CPU in that run (57 against 53 µs) and 0.98 by instructions.
On a new machine of the same kind, idle (2026-12-02 13:20 UTC, dated subsection of section 2), the bare
row again used 28 µs of CPU per request: \`createNodeHandler\` 0.48 of bare by req/s and 0.47 by CPU, the
hand-written verifying server 0.57 and 0.55. At this speed HMAC-SHA256, a constant-time comparison and
\`JSON.parse\` alone take more than 0.4 of a bare server's throughput, so the 0.6 target lies above every
verifying server measured, the hand-written one included; \`createNodeHandler\` reaches 0.84 of that
ceiling by req/s and 0.85 by CPU (60 against 51 µs). The Fastify target is in the same position: its
hand-written ceiling is 0.55 / 0.54 of the empty route and \`@hookwire/fastify\` 0.44 / 0.44, 0.80 / 0.81 of
the ceiling. Met in that run: octokit 1.73× by req/s, 1.74× by CPU; Express 0.96 / 0.94; Koa 0.88 / 0.86.
The 9 µs between \`createNodeHandler\` and the hand-written server are not the kernel's: \`strace -c\` over
10,000 requests counts the same system calls per request for both (one \`read\`, one \`writev\`; our
answer is 181 bytes, theirs 124). By instructions the two are 2 % apart and by simulated cycles 6 %; the
rest of the CPU-time gap, under 32 connections, is the cost of the router's objects per request (the
exchange, the request view, the event, the handler's context) in cache misses and garbage collection
that the callgrind runs (8 connections, under valgrind's slower clock) show only in part. As in the
CPU profile above, no single function stands out: each of those parts is under 1 % of the profile.

**Sending** (targets: one worker process × 16 in flight ≥ 0.4 of the raw POST loop on SQLite and ≥ 0.3 on
PostgreSQL; with a 50 ms endpoint, 4 PostgreSQL processes ≥ 3.5× one and 2 SQLite processes ≥ 1.8× one;
fan-out to 100,000 subscriptions < 2 s; 10 matching of 100,000 < 20 ms). What changed: outcomes are
group-committed (one \`completeMany\` transaction for everything finished in a turn of the event loop,
one statement on PostgreSQL), a worker leases for all its free slots at once, signing keys are cached per
subscription, filters are matched in SQL through a filter index, health writes are column-level
operations (no read-modify-write, and no store call at all for a success on a healthy subscription),
PostgreSQL leases commit without waiting for the WAL flush (a lost lease only makes a delivery due again),
walk the due index whatever the statistics say, and skip a subscription another worker is leasing. Then
(2026-12-02) the worker became a pipeline: a slot takes its next delivery as soon as its response is in
(recording follows in the background), leases of at least half the slots are taken ahead of the slots
that free, a PostgreSQL lease is two round trips instead of six or more (with JIT compilation off: its
planner settings had pushed every lease over \`jit_above_cost\`), and subscriptions are parsed once per lease.
Met: both fan-out targets on SQLite and the 10-of-100,000 target on PostgreSQL (4.5× to 15,000× faster
than before). Missed, with what the profiles show:

- *Runs of 2026-12-02 16:22, 16:28 and 17:25 UTC on another new machine, idle, before and after the
  hand-back in the same rounds (section 3, first subsection)*: every sending target met. 4 PostgreSQL
  processes at 50 ms deliver 3.75× one over the whole 4,000-event batch and 3.86× over the middle 80 % of
  arrivals (3.65× and 3.84× in the 17:25 run); the code before the hand-back (\`462649d\`) gave 3.73× in
  the same rounds. 2 SQLite processes 2.00× (1.98× at 17:25; before: 2.00×). Throughput: SQLite 0.41× the raw loop (before: 0.53×), PostgreSQL 0.31× (before: 0.26×), with
  per-round ratios from 0.23 to 0.63 and a raw loop between 9.6 k and 17.1 k/s from round to round, so
  before and after are level within the spread. The worker that gave 3.39–3.40× at 13:29 and 14:25 gave
  3.73× here: that shortfall belonged to that host as much as to the drain. The hand-back (\`12333d6\`:
  a worker whose lease comes back short returns what it holds leased ahead of its slots) is kept for what
  this benchmark does not show: where endpoints are slow or a backlog is short, the deliveries one worker
  had leased ahead waited for its slots while other workers had free ones (a test in
  \`packages/sender/src/sender.test.ts\` shows a second worker's free slots sending them).
- *Runs of 2026-12-02 13:29 and 14:25 UTC on a new machine, idle (section 3, second subsection)*: 4
  PostgreSQL processes at 50 ms deliver 3.40× and 3.39× one over the whole 4,000-event batch (target 3.5:
  missed by 3 %), and 3.56× over the middle 80 % of arrivals, while every process is busy (met); 2 SQLite
  processes 1.97–1.98× (met). The difference is the batch's start and drain, about 0.2 s of a 4 s run:
  when the due deliveries run out, each process still holds the ones it leased ahead (twice its slots
  since \`3b6d248\`, so that a lease waiting for a busy database server does not empty the queue), and the
  last ones finish them while the others have nothing left. The 07:32 run, with the worker before that
  change (leases of as many as the slots), gave 3.59× over the whole batch. Tried and not kept: leasing as
  many as the slots again where an attempt takes over four times a lease (the case of slow endpoints),
  twice elsewhere; run against the current worker in the same rounds at 14:34, with a mutation-testing
  process on one core, the two were level (4 processes 853 against 855 deliveries/s, 2.86× against 2.84×:
  both CPU-bound in that state), so the change had no measurement to stand on.
- *Runs of 2026-12-02 10:49 and 10:55 UTC (section 3 above)*: the throughput rows are now measured alike
  on both sides — each run at its own receiver after 1,000 warm-up deliveries, a warm-up run of the raw
  loop and of each store before the rounds, and each worker run paired with a raw-loop run just before it;
  ÷ limit is the median of the pairs' ratios (before, the raw loop warmed over the rounds in the
  benchmark's own process and was timed at the client, while every worker started cold). And the worker
  leases at least twice its slots per call, holds up to four times its slots leased ahead and stops
  sending only at eight times its slots unrecorded (a lease or a group commit that waits for a busy
  PostgreSQL server no longer empties the queue: slots busy on HTTP 37 % → 85–87 % in
  \`bench/src/profile-send.ts\`, worker CPU per attempt 380 → 321 µs on PostgreSQL and 316 → 245 µs on
  SQLite at load average 7–20). Both throughput targets met in both runs: SQLite 0.43× and 0.55× (target
  0.4), PostgreSQL 0.32× and 0.41× (target 0.3); per-round ratios 0.34–0.75 and 0.22–0.43. The host ran
  at about half the speed of the 07:32 run (raw loop 11–13 k/s instead of 16 k), with a mutation-testing
  process on one core. Latency-bound scaling in those conditions: 2 SQLite processes 1.90–1.95× (met);
  4 PostgreSQL processes 2.53–3.04× one (3.59× at 07:32 on the idle machine): CPU-bound, as the next
  bullet explains — the old worker, run back to back with the new one at 11:00, gave 2.41× against 2.53×.
  Fan-out met: 626 ms and 0.2 ms on SQLite, 1,158 ms and 1.4 ms on PostgreSQL.

- *Final run of this pass (2026-12-02 07:32 UTC, section 3 above; the machine idle but for one
  mutation-testing process on one core)*: 4 PostgreSQL processes at 50 ms deliver 1.1 k/s, 3.59× one
  (met; 2.70× in the morning's idle run before the one-round-trip lease: a lease held the subscription's
  row lock across a round trip and the other processes leased nothing meanwhile); 2 SQLite processes
  1.99× (met); fan-out 454 ms and 0.1 ms on SQLite, 1,100 ms and 1.6 ms on PostgreSQL (met). Throughput
  still just under: SQLite 6.2 k/s, 0.38× the raw loop (target 0.4; 3.1 k/s, 0.25×, in the morning's idle
  run), PostgreSQL 4.3 k/s, 0.26× (target 0.3; 2.2 k/s, 0.17×). The raw loop itself climbed from 7.1 k to
  22.6 k requests/s over the three rounds (it warms up with the receiver in the benchmark's process), so
  the per-round ratios run from 0.68 to 0.27 on SQLite; the medians are in the table. The profiles below
  (the issue #11 pass) say where a worker's remaining CPU goes.
- *Issue #11 pass (2026-12-02 06:15–06:55 UTC; section 3, first subsection)*: the SQLite lease reads the
  events in its due statement and takes its deliveries with one \`UPDATE\`; a PostgreSQL lease is one round
  trip (the locked rows pass between its two statements in a transaction-local setting, so a
  subscription's row lock is never held across a round trip); leases cover as many deliveries as slots;
  the group commit gathers up to 16 outcomes or 20 ms; \`completeMany\` is a named statement on PostgreSQL;
  HTTP attempts use \`agent.dispatch\` with a handler of their own. Worker CPU per attempt, back to back:
  SQLite 208 → 112 µs, PostgreSQL 258 → 176 µs, PostgreSQL at 50 ms 731 → 580 µs (one process) and
  about 1,340 → 890 µs (four). Still missed in the same-rounds run: SQLite 0.27× (target 0.4; 0.46× in a
  second, throughput-only run minutes later), PostgreSQL 0.23× (0.3; 0.27× in the second run), 4 PostgreSQL processes 2.04× one (3.5; 2.82× in the back-to-back trace, 833 against 295
  deliveries/s). Met in that run: 2 SQLite processes 1.87× one (target 1.8). What the profiles of the final
  code show: on SQLite (\`node --cpu-prof\`, 20,000 deliveries, taken while the crash loop ran beside it, so
  SQLite's share is on the high side) 37 % of the worker's busy time is the two SQLite transactions (their
  statements 21 % — the due statement still walks past the unexpired leases at the head of the due index —
  and their commits 15 %, each writing every page it touched to the WAL), 23 % socket writes to the receiver
  (\`writev\`, a system call that wakes another process: the raw loop's client and receiver share one
  process and never pay it), 16 % starting attempts (signing, ids, undici's request), 7 % undici's response
  parsing, 4.5 % garbage collection. On PostgreSQL, slots are busy on HTTP
  56 % of the time: the worker still waits on leases (median 6.6 ms for a statement pair that takes under
  1 ms on an idle server — the server waits for a core). With four processes at 50 ms every slot is busy
  (96–98 %) but a 50 ms request takes 73–77 ms from the worker's side and each process burns about 0.9 ms
  of CPU per attempt (socket writes that wake the receiver and PostgreSQL, undici, \`pg\`, garbage
  collection): four workers, the receiver and PostgreSQL need more than the two cores, of which other
  engineers' mutation and callgrind runs took part throughout. Scaling from there needs less CPU per
  attempt still (a leaner due index walk, fewer commits) or more cores; the benchmark was left as it was
  (a longer run changes nothing in this picture: the workers are busy from the first to the last delivery).
- *PostgreSQL fan-out, 100,000 deliveries*: 1.8–2.7 s across runs against 2 s, from 8.9 s. It is one
  \`INSERT … SELECT\` (no rows cross to JavaScript); the time is PostgreSQL writing 100,000 rows into the
  deliveries table and its four indexes (primary key, due, owner, event) on a machine at load average 15–20.
- *Throughput ratios* (the pipeline run above: SQLite 0.64×, PostgreSQL 0.42×, from 0.33× and 0.23× in
  the same rounds): above both targets in that run, but only because the machine's load (average 19–34)
  slowed the raw loop to 0.4–1.6 k requests/s; on a quieter machine the raw loop runs at 4–7 k and the
  same workers would sit below the targets. What the worker waited on, from \`bench/src/profile-send.ts\`
  (it traces every \`lease\` and \`completeMany\` call and every request's time on the wire through undici's
  diagnostics channels, and reports the worker's CPU per attempt; 3,000 deliveries, one worker, endpoint
  answering at once, run back to back at load average 15–17):
  before, one PostgreSQL worker spent 92 % of the wall time inside lease calls (424 leases of 7 deliveries,
  each waiting for the previous batch's outcomes to be recorded) while its 16 slots were busy on HTTP only
  20 % of the time: 184 deliveries/s, 1,054 µs of worker CPU per attempt. After: 193 leases of 15, slots
  busy 72 %, 323 deliveries/s, 760 µs per attempt. A lease is still the worker's longest wait (two round
  trips, median 30 ms at that load — a PostgreSQL statement that takes 0.2 ms on an idle machine waits
  for a core here), which is why the worker leases ahead by \`concurrency × lease time ÷ attempt time\`.
  On SQLite the slots are now busy 96–98 % of the time (65 % before) and what grows instead is the time a
  request takes (mean 41–55 ms against 32–36 ms with 11 in flight): the worker, the receiver and the
  database share two saturated cores, so once no slot waits, throughput is set by CPU per delivery —
  750–1,000 µs in the worker, of which about a quarter is undici, a fifth SQLite transactions, 5 % garbage
  collection and 3 % signing (\`node --cpu-prof\`). Quarter-slot leases cost more CPU per delivery than
  the old loop's group-commit-sized ones (a lease walks past every unexpired lease at the head of the due
  index, and every SQLite lease is a write transaction); leases of half the slots brought it back level.
- *Latency-bound scaling* (50 ms endpoint, same run): 4 PostgreSQL processes 1.04× one (0.99× before), 2
  SQLite processes 1.19× one (1.18× before); one PostgreSQL process went from 162 to 221 deliveries/s. The target assumes processes that
  wait on the endpoint with CPU to spare. Here they did not: in a 4-process PostgreSQL trace (3,000
  deliveries, load average 19) a request answered after 50 ms took 254–282 ms on average from the worker's
  side, leases took a median of 100–125 ms, and each worker burned 1.3–1.5 ms of CPU per attempt — the
  processes queue for the two cores, so a second, third and fourth process add CPU demand, not throughput.
  With one process the same trace gives 87 ms per 50 ms request and 174 deliveries/s. Nothing in the
  worker waits between those requests any more (slots busy 93 %); the measurement needs an idle machine.

Nothing lost: the SIGKILL loops (\`packages/stores/*/test/kill.test.ts\`, 2,000 deliveries) pass on this
code on both stores; the 5,000-delivery crash loops of the reliability suite
(\`bench/reliability/crash-loop.test.ts\`, 12 SIGKILLs each) delivered every event on SQLite and on
PostgreSQL in a run on the pipeline code (2026-12-02, 193 s and 204 s at load average 20; \`pnpm
test:reliability\`: 61 of 61 passed), and again on the code of the issue #11 pass (06:55 UTC, 48 s and
80 s; the stores' own kill tests and conformance suites pass on it too).

**Memory.** Receiving 100,000 webhooks leaves the heap flat between rounds (7.5 → 7.6 MiB after the lean
receive path, target met); with the idempotency store on it
grows by the ids it keeps (bounded, expiring). Delivering 100,000 events leaves the heap flat after the first
round.
`;
