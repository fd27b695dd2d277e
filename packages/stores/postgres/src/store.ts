import { randomUUID } from "node:crypto";
import { WebhookError } from "@hookwire/core";
import {
  type Attempt,
  type Delivery,
  type DeliveryStatus,
  type LeasedDelivery,
  type Store,
  type StoredSubscription,
  withinAllowance,
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
    responseBody: row.response_body ?? null,
    error: row.error ?? null,
  };
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

  async function transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
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
        `INSERT INTO ${s}.subscriptions (id, owner, url, event_types, secrets, headers, metadata, description, status, disabled_reason, failing_since, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
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
          x.disabledReason,
          x.failingSince,
          x.createdAt,
          x.updatedAt,
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
    async updateSubscription(x) {
      await pool.query(
        `UPDATE ${s}.subscriptions SET url=$2, event_types=$3, secrets=$4, headers=$5, metadata=$6, description=$7, status=$8,
         disabled_reason=$9, failing_since=$10, updated_at=$11 WHERE id=$1`,
        [
          x.id,
          x.url,
          JSON.stringify(x.eventTypes),
          JSON.stringify(x.secrets),
          JSON.stringify(x.headers),
          JSON.stringify(x.metadata),
          x.description,
          x.status,
          x.disabledReason,
          x.failingSince,
          x.updatedAt,
        ],
      );
    },
    async deleteSubscription(id, owner) {
      const result = await pool.query(
        `DELETE FROM ${s}.subscriptions WHERE id = $1 AND ($2::text IS NULL OR owner = $2)`,
        [id, owner ?? null],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async publish(event, matches, publishOptions) {
      const work = async (client: Queryable) => {
        const inserted = await client.query(
          `INSERT INTO ${s}.events (owner, id, type, payload, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
          [event.owner, event.id, event.type, event.payload, event.createdAt],
        );
        if ((inserted.rowCount ?? 0) === 0) return { created: false, deliveries: 0 };
        const { rows } = await client.query(
          `SELECT * FROM ${s}.subscriptions WHERE owner = $1 AND status = 'active'`,
          [event.owner],
        );
        const targets = rows.map(toSubscription).filter(matches);
        if (targets.length > 0) {
          await client.query(
            `INSERT INTO ${s}.deliveries (id, event_id, owner, subscription_id, event_type, status, attempts, next_attempt_at, lease_until, created_at, updated_at)
             SELECT unnest($1::text[]), $2, $3, unnest($4::text[]), $5, 'pending', 0, $6, 0, $6, $6`,
            [
              targets.map(() => publishOptions!.newId()),
              event.id,
              event.owner,
              targets.map((t) => t.id),
              event.type,
              event.createdAt,
            ],
          );
          await client.query("SELECT pg_notify($1, '')", [channel]);
        }
        return { created: true, deliveries: targets.length };
      };
      const client = publishOptions?.client as Queryable | undefined;
      return client ? work(client) : transaction(work);
    },
    async lease(leaseOptions) {
      return transaction(async (client) => {
        // Lock only as many rows as wanted per round, so that concurrent workers each get their own;
        // rows refused by the per-subscription allowance are skipped in the next round.
        const chosen: Delivery[] = [];
        const seen: string[] = [];
        for (let round = 0; round < 4 && chosen.length < leaseOptions.limit; round++) {
          const want = leaseOptions.limit - chosen.length;
          const { rows } = await client.query(
            `SELECT d.* FROM ${s}.deliveries d WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND d.lease_until <= $1
             AND d.id <> ALL($3::text[])
             AND NOT EXISTS (SELECT 1 FROM ${s}.subscriptions p WHERE p.id = d.subscription_id AND p.status = 'paused')
             ORDER BY d.next_attempt_at, d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED`,
            [leaseOptions.now, want, seen],
          );
          if (rows.length === 0) break;
          const candidates = rows.map(toDelivery);
          for (const c of candidates) seen.push(c.id);
          const inFlight = { ...(leaseOptions.perSubscription?.inFlight ?? {}) };
          for (const c of chosen) inFlight[c.subscriptionId] = (inFlight[c.subscriptionId] ?? 0) + 1;
          chosen.push(
            ...withinAllowance(candidates, {
              ...leaseOptions,
              limit: want,
              ...(leaseOptions.perSubscription
                ? { perSubscription: { limit: leaseOptions.perSubscription.limit, inFlight } }
                : {}),
            }),
          );
          if (rows.length < want) break;
        }
        if (chosen.length === 0) return [];
        const tokens = chosen.map(() => randomUUID());
        await client.query(
          `UPDATE ${s}.deliveries d SET lease_token = t.token, lease_until = $3 FROM unnest($1::text[], $2::text[]) AS t(id, token) WHERE d.id = t.id`,
          [chosen.map((d) => d.id), tokens, leaseOptions.now + leaseOptions.leaseMs],
        );
        const subs = await client.query(`SELECT * FROM ${s}.subscriptions WHERE id = ANY($1::text[])`, [
          [...new Set(chosen.map((d) => d.subscriptionId))],
        ]);
        const events = await client.query(
          `SELECT e.* FROM ${s}.events e JOIN unnest($1::text[], $2::text[]) AS k(owner, id) ON e.owner = k.owner AND e.id = k.id`,
          [chosen.map((d) => d.owner), chosen.map((d) => d.eventId)],
        );
        const subById = new Map(subs.rows.map((r: Row) => [r.id, toSubscription(r)]));
        const eventByKey = new Map(events.rows.map((r: Row) => [`${r.owner}\u0000${r.id}`, r]));
        const leased: LeasedDelivery[] = [];
        const orphans: string[] = [];
        const disabled: string[] = [];
        chosen.forEach((delivery, i) => {
          const subscription = subById.get(delivery.subscriptionId);
          const e = eventByKey.get(`${delivery.owner}\u0000${delivery.eventId}`);
          if (!subscription || !e) {
            orphans.push(delivery.id);
            return;
          }
          if (subscription.status === "disabled") {
            disabled.push(delivery.id);
            return;
          }
          leased.push({
            delivery,
            leaseToken: tokens[i]!,
            subscription,
            event: {
              id: e.id,
              owner: e.owner,
              type: e.type,
              payload: e.payload,
              createdAt: num(e.created_at),
            },
          });
        });
        if (orphans.length > 0) {
          await client.query(
            `UPDATE ${s}.deliveries SET status = 'failed', last_error = 'subscription deleted', lease_until = 0 WHERE id = ANY($1::text[])`,
            [orphans],
          );
        }
        if (disabled.length > 0) {
          await client.query(
            `UPDATE ${s}.deliveries SET status = 'failed', last_error = 'subscription disabled', lease_until = 0 WHERE id = ANY($1::text[])`,
            [disabled],
          );
        }
        return leased;
      });
    },
    async complete(leased, attempt, next) {
      return transaction(async (client) => {
        const updated = await client.query(
          `UPDATE ${s}.deliveries SET attempts = $1, status = $2, next_attempt_at = $3, last_error = $4, last_status = $5, updated_at = $6,
           lease_token = NULL, lease_until = 0 WHERE id = $7 AND lease_token = $8`,
          [
            attempt.attempt,
            next.status,
            next.nextAttemptAt,
            next.error,
            attempt.status,
            attempt.startedAt + attempt.durationMs,
            leased.delivery.id,
            leased.leaseToken,
          ],
        );
        if ((updated.rowCount ?? 0) === 0) return false;
        await client.query(
          `INSERT INTO ${s}.attempts (id, delivery_id, attempt, started_at, duration_ms, status, response_body, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            attempt.id,
            attempt.deliveryId,
            attempt.attempt,
            attempt.startedAt,
            attempt.durationMs,
            attempt.status,
            attempt.responseBody,
            attempt.error,
          ],
        );
        return true;
      });
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
