/** What the numbers mean, where Hookwire falls short of a target, and why. Appended to docs/benchmarks.md. */
export const notes = `## Targets, shortfalls and why

Targets: verification at least as fast as every peer; end-to-end receiving at ≥ 0.85 of the bare
framework; SQLite delivery at ≥ 0.4 of the raw POST limit; PostgreSQL throughput growing with workers.
They are reported here and never asserted in tests. Where a target is missed, this is what we found.

**Verification.** Hookwire is 2.5–7.6× faster than the \`standardwebhooks\` package, level with \`stripe\`'s
\`constructEvent\` on 1 KiB bodies and about 10 % faster on 100 KiB ones. Against \`@octokit/webhooks-methods\`
it is at 0.7 on 1 KiB and 0.9 on 100 KiB (where the HMAC dominates): that target is missed. A CPU profile of \`github().verify\` on 1 KiB shows where the difference goes: the HMAC itself
(\`createHmac\` + \`update\` + \`digest\`, the same cost as the peers), then work the peer rows do not do — reading
the event, delivery and content-type headers through Web \`Headers\`, checking the content type, and building
the event object (type, id, payload, receivedAt, meta). The peer rows are "check the HMAC, then
\`JSON.parse\`"; a user of the peers writes the header handling and event shaping themselves. Fixed along
the way: hex decoding by table, a synchronous HMAC on Node (no promise per secret), no body copy for schemes
that sign a prefix plus the body (Stripe, Standard Webhooks, Slack: the MAC is fed the parts in order).

**Receiving end to end.** The Hookwire rows turn each Node request into Web standard objects — \`Headers\`
from the raw header list, a \`WebhookRequest\`, and a \`Response\` for the answer — and run the router's async
pipeline (receiver lookup, verification, handler dispatch). Against an empty route that does none of this,
that is most of the per-request cost at these rates. Fixed: Hookwire's own responses are written without
reading their Web stream back, the receiver segment and plain request URLs are no longer parsed with \`URL\`,
and the handler's \`AbortController\` is made only when a handler reads \`signal\`. These took the bare
\`node:http\` row from 16.7 k to 20.8 k requests/s; it is still at about a quarter of a server that does
nothing, and at 0.43 of \`@octokit/webhooks\`' middleware, which works on Node's own objects. The Express row
is at 0.59 of an empty Express route, the Fastify row at 0.26 of an empty Fastify route: the 0.85 target is
missed. Still to do: a lighter \`Headers\` for Node requests (building undici's \`Headers\` validates every
header again), and a Node fast path that skips the Web \`Response\` for Hookwire's own answers.

**Sending.** Each attempt is recorded in its own store transaction (the lease check and the attempt log must
be atomic); on SQLite a CPU profile of a worker shows about 40 % of its time in write transactions. Leasing is
batched (one transaction per quarter of the worker's slots), which raised one SQLite worker from about 2.8 k
to 5.1 k deliveries/s on this machine — 0.17 of the raw POST limit, short of the 0.4 target. Several worker processes on one SQLite file do not help: SQLite has one
writer at a time, so they queue on its lock — use PostgreSQL for more than one worker. On this 2-core machine
PostgreSQL throughput does not grow with worker processes either: PostgreSQL itself, the receiver, the
benchmark and the workers share the same two cores, and each delivery costs two transactions (about ten
round trips). Not done yet: recording several attempts in one transaction (a batched \`complete\` in the
store interface), which would attack the dominant cost on both stores.

**Memory.** Receiving 100,000 webhooks leaves the heap flat between rounds; with the idempotency store on it
grows by the ids it keeps (bounded, expiring). Delivering 100,000 events leaves the heap flat after the first
round.
`;
