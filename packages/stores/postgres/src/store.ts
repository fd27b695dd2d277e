import { randomUUID } from "node:crypto";
import { WebhookError } from "@hookwire/core";
import {
  type Attempt,
  type Delivery,
  type DeliveryQuery,
  type DeliveryQueryPage,
  type DeliveryStatus,
  filterKeys,
  type LeasedDelivery,
  planDeliveryQuery,
  rateWindow,
  rotatedSecrets,
  type Store,
  type StoredSubscription,
} from "@hookwire/sender";
import pg from "pg";

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /** A connection string (`postgres://…`); or pass your own `pool`. */
  connectionString?: string;
  /** Your `pg.Pool` (the store does not end it on close). */
  pool?: pg.Pool;
  /** The schema for Hookwire's tables (default `hookwire`). */
  schema?: string;
  /** Pool size when the store makes the pool (default 10). */
  max?: number;
}

/** Anything with `query` — a `pg.Pool`, a `pg.Client`, or a client inside your transaction. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount: number | null }>;
}

type Row = Record<string, any>;

const num = (value: unknown): number => (typeof value === "string" ? Number(value) : (value as number));
const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : num(value);

function toSubscription(row: Row): StoredSubscription {
  return {
    id: row.id,
    owner: row.owner,
    url: row.url,
    eventTypes: row.event_types,
    secrets: row.secrets,
    headers: row.headers,
    metadata: row.metadata,
    description: row.description,
    status: row.status,
    rateLimit: numOrNull(row.rate_limit),
    disabledReason: row.disabled_reason ?? null,
    failingSince: numOrNull(row.failing_since),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

function toDelivery(row: Row): Delivery {
  return {
    id: row.id,
    eventId: row.event_id,
    subscriptionId: row.subscription_id,
    owner: row.owner,
    eventType: row.event_type,
    status: row.status,
    attempts: num(row.attempts),
    nextAttemptAt: numOrNull(row.next_attempt_at),
    lastError: row.last_error ?? null,
    lastStatus: numOrNull(row.last_status),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

function toAttempt(row: Row): Attempt {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    attempt: num(row.attempt),
    startedAt: num(row.started_at),
    durationMs: num(row.duration_ms),
    status: numOrNull(row.status),
    requestHeaders: row.request_headers ? JSON.parse(row.request_headers) : null,
    responseBody: row.response_body ?? null,
    error: row.error ?? null,
  };
}

/**
 * How the lease transaction begins, in one round trip.
 *
 * - A queue table's statistics are stale most of the time (rows arrive and leave faster than autovacuum
 *   analyzes them), and with stale statistics the planner sorts every due row or scans the whole table
 *   instead of walking the due index: the lease asks for index paths.
 * - Those settings give the plans of the window and sort steps a "disabled" cost far above
 *   `jit_above_cost`: JIT compilation, which costs tens of milliseconds a statement, is turned off.
 * - `synchronous_commit = off`: a lease's commit does not wait for the WAL flush. Losing the last leases
 *   in a database crash only makes those deliveries due again — the worker's outcome is then refused
 *   (its lease token is gone) and the delivery is sent once more: at least once still holds. Outcomes
 *   (`completeMany`) and publishes keep synchronous commits. Leases of one subscription are serialized
 *   on its row (the cross-process cap), so not waiting for a flush while holding it is what lets many
 *   workers share one busy subscription.
 */
const LEASE_BEGIN =
  "BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off; SET LOCAL jit = off";

/** An integer as an SQL literal (statements sent with the simple query protocol carry no parameters). */
function int(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
  return String(Math.trunc(value));
}

/** A string as an SQL literal, escaped as `pg` escapes it. */
function text(value: string): string {
  const quoted = `'${value.replaceAll("'", "''").replaceAll("\\", "\\\\")}'`;
  return value.includes("\\") ? ` E${quoted}` : quoted;
}

const texts = (values: readonly string[]): string => `ARRAY[${values.map(text).join(", ")}]::text[]`;

/** `?` placeholders numbered `$1`, `$2`… (the listing's SQL holds no other question mark). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The rows of the statement `fromEnd` places before the last one of a multi-statement query. */
function lastResult(result: unknown, fromEnd = 0): Row[] {
  const results = result as Array<{ command: string; rows: Row[] }>;
  return results[results.length - 1 - fromEnd]!.rows;
}

function migrations(s: string): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.event_types (name TEXT PRIMARY KEY, description TEXT, schema JSONB);
     CREATE TABLE IF NOT EXISTS ${s}.subscriptions (
       id TEXT PRIMARY KEY, owner TEXT NOT NULL, url TEXT NOT NULL, event_types JSONB NOT NULL, secrets JSONB NOT NULL,
       headers JSONB NOT NULL, metadata JSONB NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL,
       disabled_reason TEXT, failing_since BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
     CREATE INDEX IF NOT EXISTS subscriptions_owner ON ${s}.subscriptions (owner, id);
     CREATE TABLE IF NOT EXISTS ${s}.events (
       owner TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, created_at BIGINT NOT NULL,
       PRIMARY KEY (owner, id));
     CREATE TABLE IF NOT EXISTS ${s}.deliveries (
       id TEXT PRIMARY KEY, event_id TEXT NOT NULL, owner TEXT NOT NULL, subscription_id TEXT NOT NULL, event_type TEXT NOT NULL,
       status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at BIGINT, last_error TEXT, last_status INTEGER,
       lease_token TEXT, lease_until BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
     CREATE INDEX IF NOT EXISTS deliveries_due ON ${s}.deliveries (next_attempt_at, id) WHERE status = 'pending';
     CREATE INDEX IF NOT EXISTS deliveries_owner ON ${s}.deliveries (owner, id);
     CREATE INDEX IF NOT EXISTS deliveries_event ON ${s}.deliveries (event_id);
     CREATE TABLE IF NOT EXISTS ${s}.attempts (
       id TEXT PRIMARY KEY, delivery_id TEXT NOT NULL, attempt INTEGER NOT NULL, started_at BIGINT NOT NULL,
       duration_ms INTEGER NOT NULL, status INTEGER, response_body TEXT, error TEXT);
     CREATE INDEX IF NOT EXISTS attempts_delivery ON ${s}.attempts (delivery_id, attempt);`,
    // the filter index publish matches through, the rate limit, and counting leases per subscription
    `ALTER TABLE ${s}.subscriptions ADD COLUMN IF NOT EXISTS rate_limit INTEGER,
       ADD COLUMN IF NOT EXISTS rate_window BIGINT NOT NULL DEFAULT 0,
       ADD COLUMN IF NOT EXISTS rate_used INTEGER NOT NULL DEFAULT 0;
     CREATE TABLE IF NOT EXISTS ${s}.subscription_filters (
       owner TEXT NOT NULL, filter TEXT NOT NULL, subscription_id TEXT NOT NULL,
       PRIMARY KEY (owner, filter, subscription_id));
     CREATE INDEX IF NOT EXISTS subscription_filters_subscription ON ${s}.subscription_filters (subscription_id);
     INSERT INTO ${s}.subscription_filters (owner, filter, subscription_id)
       SELECT owner, jsonb_array_elements_text(event_types), id FROM ${s}.subscriptions ON CONFLICT DO NOTHING;
     CREATE INDEX IF NOT EXISTS deliveries_leased ON ${s}.deliveries (subscription_id, lease_until)
       WHERE lease_until > 0 AND status = 'pending';`,
    // the headers each attempt sent (JSON text, in the order sent; NULL for attempts recorded before)
    `ALTER TABLE ${s}.attempts ADD COLUMN IF NOT EXISTS request_headers TEXT;`,
    // the dashboard's failed deliveries (and recover's, per subscription): partial indexes hold only failed
    // rows, so a publish's pending inserts never write them
    `CREATE INDEX IF NOT EXISTS deliveries_failed ON ${s}.deliveries (owner, id) WHERE status = 'failed';
     CREATE INDEX IF NOT EXISTS deliveries_failed_subscription ON ${s}.deliveries (subscription_id, id) WHERE status = 'failed';`,
  ];
}

/**
 * The PostgreSQL store for `@hookwire/sender`: many worker processes on many machines. Due deliveries
 * are leased with `FOR UPDATE SKIP LOCKED` and a lease expiry, idle workers wake on `LISTEN/NOTIFY`,
 * and `publish` can join the application's own transaction (pass its client) — the transactional outbox.
 *
 * @example
 * ```ts
 * import { createSender } from "@hookwire/sender";
 * import { postgresStore } from "@hookwire/store-postgres";
 *
 * const sender = createSender({ store: postgresStore({ connectionString: process.env.DATABASE_URL }) });
 *
 * await client.query("BEGIN");
 * await client.query("UPDATE invoices SET paid = true WHERE id = $1", [id]);
 * await sender.publish({ type: "invoice.paid", data: { id } }, { client }); // commits with the business write
 * await client.query("COMMIT");
 * ```
 */
export function postgresStore(
  options: PostgresStoreOptions,
): Store & { readonly pool: pg.Pool; readonly schema: string } {
  const schemaName = options.schema ?? "hookwire";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schemaName)) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      "[@hookwire/store-postgres] schema must be a lower-case SQL identifier (letters, digits, _).",
    );
  }
  if (!options.pool && !options.connectionString) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      "[@hookwire/store-postgres] Pass { connectionString } or { pool }.",
    );
  }
  const ownsPool = !options.pool;
  const pool =
    options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  pool.on("error", () => {
    // idle client errors (a restarted server): the pool replaces the client
  });
  const s = `"${schemaName}"`;
  const channel = `hookwire_${schemaName}`;
  let listener: pg.PoolClient | undefined;
  let listening: Promise<pg.PoolClient> | undefined;
  const waiters = new Set<() => void>();

  async function transaction<T>(work: (client: Queryable) => Promise<T>, begin = "BEGIN"): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * The dashboard's listing: one index walked in id order — failed rows through their partial indexes,
   * the others through (owner, id), pending ones from the first pending id (the due index) — with the
   * remaining filters evaluated on at most `scanLimit` of its entries, whose end an index-only query
   * finds first.
   */
  async function queryDeliveries(query: DeliveryQuery): Promise<DeliveryQueryPage> {
    const { status, limit } = query;
    const scanLimit = Math.max(query.scanLimit, limit);
    const { walk, walked, filters, filtered } = planDeliveryQuery(query);
    if (status === "pending") {
      // up to scanLimit pending rows in all: read them from the due index (the fences keep the planner
      // from walking the primary key instead), every filter on them
      const { rows: counted } = await pool.query(
        `SELECT count(*) AS n FROM (SELECT 1 FROM ${s}.deliveries WHERE status = 'pending' LIMIT ${int(scanLimit + 1)}) p`,
      );
      if (num(counted[0].n) <= scanLimit) {
        const { rows } = await pool.query(
          numbered(
            `SELECT * FROM (SELECT * FROM ${s}.deliveries WHERE ${["status = 'pending'", ...walk, ...filters].join(" AND ")} OFFSET 0) p ORDER BY id LIMIT ${int(limit)}`,
          ),
          [...walked, ...filtered],
        );
        const items = rows.map(toDelivery);
        return { items, cursor: items.length === limit ? items[items.length - 1]!.id : null };
      }
      // a larger backlog: start the walk at the first pending row (read from the due index, fenced)
      const { rows } = await pool.query(
        `SELECT min(id) AS id FROM (SELECT id FROM ${s}.deliveries WHERE status = 'pending'${query.after === undefined ? "" : " AND id > $1"} OFFSET 0) p`,
        query.after === undefined ? [] : [query.after],
      );
      if (rows[0].id === null) return { items: [], cursor: null };
      walk.push("id >= ?");
      walked.push(rows[0].id);
    }
    const where = walk.length ? walk.join(" AND ") : "TRUE";
    // windows of the walk growing fourfold from 20 pages' worth: a common match costs a small window
    const items: Delivery[] = [];
    let budget = scanLimit;
    let window = filters.length > 0 ? Math.min(budget, limit * 20) : budget;
    let start: string | undefined;
    for (;;) {
      const range = start === undefined ? where : `${where} AND id > ?`;
      const ranged = start === undefined ? walked : [...walked, start];
      let end: string | undefined;
      if (filters.length > 0) {
        const { rows } = await pool.query(
          numbered(
            `SELECT id FROM ${s}.deliveries WHERE ${range} ORDER BY id OFFSET ${int(window - 1)} LIMIT 1`,
          ),
          ranged,
        );
        end = rows[0]?.id;
      }
      const bounded = end === undefined ? [] : ["id <= ?"];
      const { rows } = await pool.query(
        numbered(
          `SELECT * FROM ${s}.deliveries WHERE ${[range, ...filters, ...bounded].join(" AND ")} ORDER BY id LIMIT ${int(limit - items.length)}`,
        ),
        [...ranged, ...filtered, ...(end === undefined ? [] : [end])],
      );
      items.push(...rows.map(toDelivery));
      if (items.length === limit) return { items, cursor: items[items.length - 1]!.id };
      if (end === undefined) return { items, cursor: null };
      budget -= window;
      if (budget <= 0) return { items, cursor: end };
      start = end;
      window = Math.min(budget, window * 4);
    }
  }

  return {
    pool,
    schema: schemaName,
    async migrate() {
      await transaction(async (client) => {
        await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`hookwire-migrate-${schemaName}`]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${s}.hookwire_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`,
        );
        const applied = new Set(
          (await client.query(`SELECT version FROM ${s}.hookwire_migrations`)).rows.map((r: Row) =>
            num(r.version),
          ),
        );
        const list = migrations(s);
        for (let i = 0; i < list.length; i++) {
          if (applied.has(i + 1)) continue;
          await client.query(list[i]!);
          await client.query(`INSERT INTO ${s}.hookwire_migrations (version, applied_at) VALUES ($1, $2)`, [
            i + 1,
            Date.now(),
          ]);
        }
      });
    },
    async defineEventType(type) {
      await pool.query(
        `INSERT INTO ${s}.event_types (name, description, schema) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description, schema = EXCLUDED.schema`,
        [type.name, type.description ?? null, type.schema === undefined ? null : JSON.stringify(type.schema)],
      );
    },
    async listEventTypes() {
      const { rows } = await pool.query(`SELECT * FROM ${s}.event_types ORDER BY name`);
      return rows.map((row: Row) => ({
        name: row.name,
        ...(row.description === null ? {} : { description: row.description }),
        ...(row.schema === null ? {} : { schema: row.schema }),
      }));
    },
    async insertSubscription(x) {
      await pool.query(
        `WITH ins AS (
           INSERT INTO ${s}.subscriptions (id, owner, url, event_types, secrets, headers, metadata, description, status, rate_limit, disabled_reason, failing_since, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id, owner)
         INSERT INTO ${s}.subscription_filters (owner, filter, subscription_id)
         SELECT DISTINCT ins.owner, f, ins.id FROM ins, unnest($15::text[]) AS f`,
        [
          x.id,
          x.owner,
          x.url,
          JSON.stringify(x.eventTypes),
          JSON.stringify(x.secrets),
          JSON.stringify(x.headers),
          JSON.stringify(x.metadata),
          x.description,
          x.status,
          x.rateLimit ?? null,
          x.disabledReason,
          x.failingSince,
          x.createdAt,
          x.updatedAt,
          x.eventTypes,
        ],
      );
    },
    async getSubscription(id, owner) {
      const { rows } = await pool.query(`SELECT * FROM ${s}.subscriptions WHERE id = $1`, [id]);
      const row = rows[0];
      if (!row || (owner !== undefined && row.owner !== owner)) return undefined;
      return toSubscription(row);
    },
    async listSubscriptions({ owner, after, limit }) {
      const { rows } = await pool.query(
        `SELECT * FROM ${s}.subscriptions WHERE ($1::text IS NULL OR owner = $1) AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
        [owner ?? null, after ?? null, limit],
      );
      return rows.map(toSubscription);
    },
    async patchSubscription(id, patch, { owner, at }) {
      const values: unknown[] = [id, owner ?? null, at];
      const sets = ["updated_at = $3"];
      const set = (column: string, value: unknown, cast = "") => {
        values.push(value);
        sets.push(`${column} = $${values.length}${cast}`);
      };
      if (patch.url !== undefined) set("url", patch.url);
      if (patch.eventTypes !== undefined) set("event_types", JSON.stringify(patch.eventTypes), "::jsonb");
      if (patch.headers !== undefined) set("headers", JSON.stringify(patch.headers), "::jsonb");
      if (patch.metadata !== undefined) set("metadata", JSON.stringify(patch.metadata), "::jsonb");
      if (patch.description !== undefined) set("description", patch.description);
      if (patch.rateLimit !== undefined) set("rate_limit", patch.rateLimit, "::integer");
      if (patch.status !== undefined) {
        values.push(patch.status, patch.disabledReason ?? null);
        const st = `$${values.length - 1}::text`;
        const reason = `$${values.length}::text`;
        sets.push(
          `status = ${st}`,
          `disabled_reason = CASE WHEN x.status = ${st} THEN x.disabled_reason ELSE ${reason} END`,
          `failing_since = CASE WHEN ${st} = 'active' THEN NULL ELSE x.failing_since END`,
        );
      }
      // the row is locked first, so previous_status is the status this change replaced
      const sql = `WITH old AS (SELECT id, status FROM ${s}.subscriptions WHERE id = $1 AND ($2::text IS NULL OR owner = $2) FOR NO KEY UPDATE)
        UPDATE ${s}.subscriptions x SET ${sets.join(", ")} FROM old WHERE x.id = old.id RETURNING x.*, old.status AS previous_status`;
      const work = async (client: Queryable) => {
        const { rows } = await client.query(sql, values);
        const row = rows[0];
        if (!row) return undefined;
        if (patch.eventTypes !== undefined) {
          await client.query(`DELETE FROM ${s}.subscription_filters WHERE subscription_id = $1`, [id]);
          await client.query(
            `INSERT INTO ${s}.subscription_filters (owner, filter, subscription_id) SELECT DISTINCT $2::text, f, $1::text FROM unnest($3::text[]) AS f`,
            [id, row.owner, patch.eventTypes],
          );
        }
        return { subscription: toSubscription(row), previousStatus: row.previous_status };
      };
      return patch.eventTypes === undefined ? work(pool) : transaction(work);
    },
    async rotateSecret(id, { owner, secret, at, graceMs }) {
      return transaction(async (client) => {
        const { rows } = await client.query(
          `SELECT secrets FROM ${s}.subscriptions WHERE id = $1 AND ($2::text IS NULL OR owner = $2) FOR NO KEY UPDATE`,
          [id, owner ?? null],
        );
        if (!rows[0]) return undefined;
        const next = rotatedSecrets(rows[0].secrets, secret, at, graceMs);
        const updated = await client.query(
          `UPDATE ${s}.subscriptions SET secrets = $2, updated_at = $3 WHERE id = $1 RETURNING *`,
          [id, JSON.stringify(next), at],
        );
        return toSubscription(updated.rows[0]);
      });
    },
    async replaceSecrets(id, expected, next) {
      const result = await pool.query(
        `UPDATE ${s}.subscriptions SET secrets = $3::jsonb WHERE id = $1 AND secrets = $2::jsonb`,
        [id, JSON.stringify(expected), JSON.stringify(next)],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async markFailing(id, since) {
      const { rows } = await pool.query(
        `UPDATE ${s}.subscriptions SET failing_since = COALESCE(failing_since, $2) WHERE id = $1 RETURNING failing_since, status`,
        [id, since],
      );
      return rows[0] ? { failingSince: num(rows[0].failing_since), status: rows[0].status } : undefined;
    },
    async clearFailing(id) {
      await pool.query(
        `UPDATE ${s}.subscriptions SET failing_since = NULL WHERE id = $1 AND failing_since IS NOT NULL`,
        [id],
      );
    },
    async disableSubscription(id, reason, { owner, at }) {
      const { rows } = await pool.query(
        `UPDATE ${s}.subscriptions SET status = 'disabled', disabled_reason = $2, updated_at = $3
         WHERE id = $1 AND ($4::text IS NULL OR owner = $4) AND status <> 'disabled' RETURNING *`,
        [id, reason, at, owner ?? null],
      );
      return rows[0] ? toSubscription(rows[0]) : undefined;
    },
    async deleteSubscription(id, owner) {
      const { rows } = await pool.query(
        `WITH del AS (DELETE FROM ${s}.subscriptions WHERE id = $1 AND ($2::text IS NULL OR owner = $2) RETURNING id),
         f AS (DELETE FROM ${s}.subscription_filters WHERE subscription_id IN (SELECT id FROM del))
         SELECT count(*)::int AS n FROM del`,
        [id, owner ?? null],
      );
      return num(rows[0]?.n ?? 0) > 0;
    },
    async publish(event, publishOptions) {
      // One statement: the event, and a delivery per active subscription whose filter index entry
      // accepts the type (exact name, each prefix.*, and *), numbered after a time-ordered prefix.
      const client = (publishOptions.client as Queryable | undefined) ?? pool;
      const { rows } = await client.query(
        `WITH ev AS (
           INSERT INTO ${s}.events (owner, id, type, payload, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING RETURNING id),
         matched AS (
           SELECT DISTINCT f.subscription_id FROM ${s}.subscription_filters f
           JOIN ${s}.subscriptions x ON x.id = f.subscription_id
           WHERE f.owner = $1 AND f.filter = ANY($6::text[]) AND x.status = 'active' AND EXISTS (SELECT 1 FROM ev)),
         ins AS (
           INSERT INTO ${s}.deliveries (id, event_id, owner, subscription_id, event_type, status, attempts, next_attempt_at, lease_until, created_at, updated_at)
           SELECT $7 || lpad((row_number() OVER ())::text, 7, '0'), $2, $1, subscription_id, $3, 'pending', 0, $5, 0, $5, $5
           FROM matched RETURNING 1)
         SELECT (SELECT count(*) FROM ev)::int AS created, (SELECT count(*) FROM ins)::int AS deliveries`,
        [
          event.owner,
          event.id,
          event.type,
          event.payload,
          event.createdAt,
          filterKeys(event.type),
          publishOptions.idPrefix,
        ],
      );
      const created = num(rows[0].created) > 0;
      const deliveries = num(rows[0].deliveries);
      if (deliveries > 0) await client.query("SELECT pg_notify($1, '')", [channel]);
      return { created, deliveries };
    },
    async lease(leaseOptions) {
      const { now, limit, leaseMs } = leaseOptions;
      const cap = leaseOptions.perSubscription === undefined ? "NULL" : int(leaseOptions.perSubscription);
      const window = int(rateWindow(now));
      // One round trip a round, usually one round: both statements travel with the BEGIN and the COMMIT
      // (simple query protocol, values as escaped literals), so a subscription's row lock is held for the
      // server's work only, never across a round trip or the worker's event loop. First, lock as many due
      // rows as wanted (concurrent workers skip each other's: SKIP LOCKED) and their subscriptions; a
      // subscription another worker is leasing right now is skipped rather than waited for, so workers
      // sharing a busy subscription never queue behind each other. The rows whose subscription this
      // transaction holds (or that has been deleted) are handed to the next statement in a
      // transaction-local setting. That statement, in a new snapshot (so that the leases the previous
      // holder of the lock committed are counted), applies the per-subscription cap and the rate limit,
      // takes the leases and returns them with their events; then the COMMIT. Rows the caps refuse are
      // passed over in a further round (its own transaction), with their subscription left out.
      const client = await pool.connect();
      const leased: LeasedDelivery[] = [];
      try {
        const seen: string[] = [];
        const full = new Set(leaseOptions.skipSubscriptions ?? []);
        const subscriptions = new Map<string, StoredSubscription | null>();
        for (let round = 0; round < 4 && leased.length < limit; round++) {
          const want = limit - leased.length;
          const result = await client.query(
            `${LEASE_BEGIN};
             WITH due AS (
               SELECT d.id, d.subscription_id, d.next_attempt_at FROM ${s}.deliveries d
               WHERE d.status = 'pending' AND d.next_attempt_at <= ${int(now)} AND d.lease_until <= ${int(now)}
               AND d.id <> ALL(${texts(seen)}) AND d.subscription_id <> ALL(${texts([...full])})
               AND NOT EXISTS (SELECT 1 FROM ${s}.subscriptions p WHERE p.id = d.subscription_id AND p.status = ANY(${texts(leaseOptions.hold ?? [])}))
               ORDER BY d.next_attempt_at, d.id LIMIT ${int(want)} FOR UPDATE OF d SKIP LOCKED),
             locked AS (
               SELECT x.id FROM ${s}.subscriptions x
               WHERE x.id = ANY(ARRAY(SELECT subscription_id FROM due)) ORDER BY x.id FOR NO KEY UPDATE OF x SKIP LOCKED),
             marked AS (
               SELECT due.*, l.id IS NULL AND EXISTS (SELECT 1 FROM ${s}.subscriptions y WHERE y.id = due.subscription_id) AS busy
               FROM due LEFT JOIN locked l ON l.id = due.subscription_id)
             SELECT set_config('hookwire.lease',
                 COALESCE((SELECT json_agg(m.id ORDER BY m.next_attempt_at, m.id) FROM marked m WHERE NOT m.busy), '[]')::text, true) AS chosen,
               COALESCE((SELECT json_agg(json_build_array(m.id, m.subscription_id, m.busy)) FROM marked m), '[]') AS found;
             WITH c AS (
               SELECT d.id, d.subscription_id AS sub, c0.ord,
                 CASE WHEN x.rate_limit IS NULL THEN NULL
                   ELSE GREATEST(0, x.rate_limit - CASE WHEN x.rate_window = ${window} THEN x.rate_used ELSE 0 END) END AS rate_left
               FROM json_array_elements_text(current_setting('hookwire.lease')::json) WITH ORDINALITY AS c0(id, ord)
               JOIN ${s}.deliveries d ON d.id = c0.id
               LEFT JOIN ${s}.subscriptions x ON x.id = d.subscription_id),
             k AS (
               SELECT subscription_id AS sub, count(*)::int AS n FROM ${s}.deliveries
               WHERE ${cap}::int IS NOT NULL AND subscription_id = ANY(ARRAY(SELECT DISTINCT sub FROM c)) AND status = 'pending'
               AND lease_until > 0 AND lease_until > ${int(now)}
               GROUP BY subscription_id),
             r AS (
               SELECT c.*, row_number() OVER (PARTITION BY c.sub ORDER BY c.ord) AS rn, COALESCE(k.n, 0) AS n
               FROM c LEFT JOIN k ON k.sub = c.sub),
             chosen AS (
               SELECT r.id, r.sub, r.ord FROM r
               WHERE (${cap}::int IS NULL OR r.n + r.rn <= ${cap}) AND (r.rate_left IS NULL OR r.rn <= r.rate_left)
               ORDER BY r.ord LIMIT ${int(want)}),
             u AS (
               UPDATE ${s}.deliveries d SET lease_token = ${text(randomUUID())}, lease_until = ${int(now + leaseMs)}
               FROM chosen WHERE d.id = chosen.id RETURNING d.*, chosen.ord),
             rated AS (
               UPDATE ${s}.subscriptions x
               SET rate_used = CASE WHEN x.rate_window = ${window} THEN x.rate_used + t.n ELSE t.n END,
                 rate_window = ${window}
               FROM (SELECT sub, count(*)::int AS n FROM chosen GROUP BY sub) t
               WHERE x.id = t.sub AND x.rate_limit IS NOT NULL)
             SELECT u.*, e.type AS e_type, e.payload AS e_payload, e.created_at AS e_created_at, x.id IS NOT NULL AS has_sub,
               CASE WHEN row_number() OVER (PARTITION BY u.subscription_id ORDER BY u.ord) = 1 THEN to_jsonb(x) END AS sub
             FROM u JOIN ${s}.events e ON e.owner = u.owner AND e.id = u.event_id
             LEFT JOIN ${s}.subscriptions x ON x.id = u.subscription_id ORDER BY u.ord;
             COMMIT`,
          );
          const found = lastResult(result, 2)[0]!.found as Array<[string, string, boolean]>;
          const candidates = new Set<string>();
          for (const [id, sub, busy] of found) {
            seen.push(id);
            if (busy) full.add(sub);
            else candidates.add(sub);
          }
          const took = new Set<string>();
          for (const row of lastResult(result, 1)) {
            const sub = row.subscription_id as string;
            took.add(sub);
            if (row.sub) subscriptions.set(sub, toSubscription(row.sub));
            else if (!row.has_sub) subscriptions.set(sub, null);
            leased.push({
              delivery: toDelivery(row),
              leaseToken: row.lease_token,
              // one object per subscription and lease, shared by its deliveries
              subscription: subscriptions.get(sub) ?? null,
              event: {
                id: row.event_id,
                owner: row.owner,
                type: row.e_type,
                payload: row.e_payload,
                createdAt: num(row.e_created_at),
              },
            });
          }
          // subscriptions that took nothing in this round are full: leave them out of the next one
          for (const sub of candidates) if (!took.has(sub)) full.add(sub);
          if (found.length < want) break;
        }
        client.release();
        return leased;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        client.release();
        // leases committed in an earlier round are held: hand them over rather than let them expire
        if (leased.length > 0) return leased;
        throw error;
      }
    },
    async completeMany(items) {
      if (items.length === 0) return [];
      // One statement, so one transaction: each delivery's new state if its lease is still held, and
      // the attempts of exactly those.
      const withAttempt = items.filter((i) => i.attempt);
      const { rows } = await pool.query({
        // a named statement: each connection parses and plans it once, not on every group commit
        name: `hookwire_complete_${schemaName}`,
        text: `WITH input AS (
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::int[], $7::int[], $8::bigint[])
           AS t(id, token, status, next_at, error, attempt_no, last_status, updated_at)),
         done AS (
           UPDATE ${s}.deliveries d SET status = i.status, next_attempt_at = i.next_at, last_error = i.error,
             attempts = COALESCE(i.attempt_no, d.attempts),
             last_status = CASE WHEN i.attempt_no IS NULL THEN d.last_status ELSE i.last_status END,
             updated_at = COALESCE(i.updated_at, d.updated_at), lease_token = NULL, lease_until = 0
           FROM input i WHERE d.id = i.id AND d.id = ANY($1::text[]) AND d.lease_token = i.token RETURNING d.id),
         logged AS (
           INSERT INTO ${s}.attempts (id, delivery_id, attempt, started_at, duration_ms, status, response_body, error, request_headers)
           SELECT a.* FROM unnest($9::text[], $10::text[], $11::int[], $12::bigint[], $13::int[], $14::int[], $15::text[], $16::text[], $17::text[])
             AS a(id, delivery_id, attempt, started_at, duration_ms, status, response_body, error, request_headers)
           WHERE a.delivery_id IN (SELECT id FROM done) RETURNING 1)
         SELECT id FROM done`,
        values: [
          items.map((i) => i.leased.delivery.id),
          items.map((i) => i.leased.leaseToken),
          items.map((i) => i.status),
          items.map((i) => i.nextAttemptAt),
          items.map((i) => i.error),
          items.map((i) => i.attempt?.attempt ?? null),
          items.map((i) => i.attempt?.status ?? null),
          items.map((i) => (i.attempt ? i.attempt.startedAt + i.attempt.durationMs : null)),
          withAttempt.map((i) => i.attempt!.id),
          withAttempt.map((i) => i.attempt!.deliveryId),
          withAttempt.map((i) => i.attempt!.attempt),
          withAttempt.map((i) => i.attempt!.startedAt),
          withAttempt.map((i) => i.attempt!.durationMs),
          withAttempt.map((i) => i.attempt!.status),
          withAttempt.map((i) => i.attempt!.responseBody),
          withAttempt.map((i) => i.attempt!.error),
          withAttempt.map((i) =>
            i.attempt!.requestHeaders ? JSON.stringify(i.attempt!.requestHeaders) : null,
          ),
        ],
      });
      // deliveries handed back unstarted are due again: wake the idle workers, as a publish does
      if (rows.length > 0 && items.some((i) => i.status === "pending" && !i.attempt))
        await pool.query("SELECT pg_notify($1, '')", [channel]);
      const done = new Set(rows.map((r: Row) => r.id as string));
      return items.map((i) => done.has(i.leased.delivery.id));
    },
    async getDelivery(id, owner) {
      const { rows } = await pool.query(
        `SELECT * FROM ${s}.deliveries WHERE id = $1 AND ($2::text IS NULL OR owner = $2)`,
        [id, owner ?? null],
      );
      return rows[0] ? toDelivery(rows[0]) : undefined;
    },
    async listDeliveries({ owner, status, eventId, after, limit }) {
      const { rows } = await pool.query(
        `SELECT * FROM ${s}.deliveries WHERE ($1::text IS NULL OR owner = $1) AND ($2::text IS NULL OR status = $2)
         AND ($3::text IS NULL OR event_id = $3) AND ($4::text IS NULL OR id > $4) ORDER BY id LIMIT $5`,
        [owner ?? null, status ?? null, eventId ?? null, after ?? null, limit],
      );
      return rows.map(toDelivery);
    },
    async queryDeliveries(query) {
      return queryDeliveries(query);
    },
    async listAttempts(deliveryId) {
      const { rows } = await pool.query(
        `SELECT * FROM ${s}.attempts WHERE delivery_id = $1 ORDER BY attempt, started_at`,
        [deliveryId],
      );
      return rows.map(toAttempt);
    },
    async requeue(id, owner, now) {
      const { rows } = await pool.query(
        `UPDATE ${s}.deliveries SET status = 'pending', next_attempt_at = $3, lease_token = NULL, lease_until = 0, updated_at = $3
         WHERE id = $1 AND ($2::text IS NULL OR owner = $2) RETURNING *`,
        [id, owner ?? null, now],
      );
      if (rows[0]) await pool.query("SELECT pg_notify($1, '')", [channel]);
      return rows[0] ? toDelivery(rows[0]) : undefined;
    },
    async countDeliveries(owner) {
      const { rows } = await pool.query(
        `SELECT status, COUNT(*) AS n FROM ${s}.deliveries WHERE ($1::text IS NULL OR owner = $1) GROUP BY status`,
        [owner ?? null],
      );
      const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const row of rows) counts[row.status as DeliveryStatus] = num(row.n);
      return counts;
    },
    async waitForWork(timeoutMs, signal) {
      if (!listening) {
        listening = pool.connect().then(async (client) => {
          let released = false;
          const drop = (error: Error) => {
            if (listener === client) listener = undefined;
            listening = undefined;
            if (!released) {
              released = true;
              client.release(error); // destroy the broken connection so the pool can replace it
            }
          };
          client.on("notification", () => {
            for (const wake of waiters) wake();
          });
          client.on("error", drop);
          try {
            await client.query(`LISTEN "${channel}"`);
          } catch (error) {
            drop(error as Error);
            throw error;
          }
          listener = client;
          return client;
        });
      }
      await listening.catch(() => {
        listening = undefined;
      });
      if (signal.aborted) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          signal.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(done);
        signal.addEventListener("abort", done);
      });
    },
    async close() {
      for (const wake of waiters) wake();
      if (listener) {
        await listener.query(`UNLISTEN "${channel}"`).catch(() => {});
        listener.release();
        listener = undefined;
      }
      if (ownsPool) await pool.end();
    },
  };
}
