import { randomUUID } from "node:crypto";
import { WebhookError } from "@hookwire/core";
import {
  type Attempt,
  type Delivery,
  type DeliveryStatus,
  type EventType,
  type LeasedDelivery,
  type Store,
  type StoredEvent,
  type StoredSubscription,
  withinAllowance,
} from "@hookwire/sender";
import { openDatabase, type SqliteDatabase, type SqliteDriverOption } from "./driver.js";

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /** The database file (`webhooks.db`), or `:memory:`. */
  filename: string;
  /** How long to wait for another process's write lock, in ms (default 5000). */
  busyTimeoutMs?: number;
  /**
   * SQLite's `synchronous` setting. `"normal"` (default) loses nothing when a process crashes or is
   * killed; `"full"` also keeps the last commits through a power loss or OS crash, at some write speed.
   */
  synchronous?: "normal" | "full";
  /**
   * The SQLite binding: `"node:sqlite"` (built into Node.js 22.13+ and 24, nothing to compile),
   * `"better-sqlite3"` (an optional peer dependency, for Node.js 20), or the better-sqlite3 `Database`
   * class itself (for bundled apps). Default: `node:sqlite` where the runtime has it, else better-sqlite3.
   * Behaviour is the same on both: WAL, `synchronous`, migrations, busy timeout, leases.
   */
  driver?: SqliteDriverOption;
}

const MIGRATIONS: string[] = [
  `CREATE TABLE IF NOT EXISTS event_types (name TEXT PRIMARY KEY, description TEXT, schema TEXT);
   CREATE TABLE IF NOT EXISTS subscriptions (
     id TEXT PRIMARY KEY, owner TEXT NOT NULL, url TEXT NOT NULL, event_types TEXT NOT NULL, secrets TEXT NOT NULL,
     headers TEXT NOT NULL, metadata TEXT NOT NULL, description TEXT NOT NULL, status TEXT NOT NULL,
     disabled_reason TEXT, failing_since INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS subscriptions_owner ON subscriptions (owner, id);
   CREATE TABLE IF NOT EXISTS events (
     owner TEXT NOT NULL, id TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL,
     PRIMARY KEY (owner, id));
   CREATE TABLE IF NOT EXISTS deliveries (
     id TEXT PRIMARY KEY, event_id TEXT NOT NULL, owner TEXT NOT NULL, subscription_id TEXT NOT NULL, event_type TEXT NOT NULL,
     status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at INTEGER, last_error TEXT, last_status INTEGER,
     lease_token TEXT, lease_until INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
   CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
   CREATE INDEX IF NOT EXISTS deliveries_owner ON deliveries (owner, id);
   CREATE INDEX IF NOT EXISTS deliveries_event ON deliveries (event_id);
   CREATE TABLE IF NOT EXISTS attempts (
     id TEXT PRIMARY KEY, delivery_id TEXT NOT NULL, attempt INTEGER NOT NULL, started_at INTEGER NOT NULL,
     duration_ms INTEGER NOT NULL, status INTEGER, response_body TEXT, error TEXT);
   CREATE INDEX IF NOT EXISTS attempts_delivery ON attempts (delivery_id, attempt);`,
];

type Row = Record<string, unknown>;

function toSubscription(row: Row): StoredSubscription {
  return {
    id: row.id as string,
    owner: row.owner as string,
    url: row.url as string,
    eventTypes: JSON.parse(row.event_types as string),
    secrets: JSON.parse(row.secrets as string),
    headers: JSON.parse(row.headers as string),
    metadata: JSON.parse(row.metadata as string),
    description: row.description as string,
    status: row.status as StoredSubscription["status"],
    disabledReason: (row.disabled_reason as string | null) ?? null,
    failingSince: (row.failing_since as number | null) ?? null,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
  };
}

function toDelivery(row: Row): Delivery {
  return {
    id: row.id as string,
    eventId: row.event_id as string,
    subscriptionId: row.subscription_id as string,
    owner: row.owner as string,
    eventType: row.event_type as string,
    status: row.status as DeliveryStatus,
    attempts: row.attempts as number,
    nextAttemptAt: (row.next_attempt_at as number | null) ?? null,
    lastError: (row.last_error as string | null) ?? null,
    lastStatus: (row.last_status as number | null) ?? null,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
  };
}

function toAttempt(row: Row): Attempt {
  return {
    id: row.id as string,
    deliveryId: row.delivery_id as string,
    attempt: row.attempt as number,
    startedAt: row.started_at as number,
    durationMs: row.duration_ms as number,
    status: (row.status as number | null) ?? null,
    responseBody: (row.response_body as string | null) ?? null,
    error: (row.error as string | null) ?? null,
  };
}

function subscriptionParams(s: StoredSubscription) {
  return {
    id: s.id,
    owner: s.owner,
    url: s.url,
    event_types: JSON.stringify(s.eventTypes),
    secrets: JSON.stringify(s.secrets),
    headers: JSON.stringify(s.headers),
    metadata: JSON.stringify(s.metadata),
    description: s.description,
    status: s.status,
    disabled_reason: s.disabledReason,
    failing_since: s.failingSince,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

/**
 * The embedded default store for `@hookwire/sender`: one SQLite file (node:sqlite or better-sqlite3, WAL), versioned
 * migrations, transactions for publish and leasing. Several worker processes may share the file;
 * a killed worker's leases expire and its deliveries are picked up again.
 *
 * @example
 * ```ts
 * import { createSender } from "@hookwire/sender";
 * import { sqliteStore } from "@hookwire/store-sqlite";
 *
 * const sender = createSender({ store: sqliteStore({ filename: "webhooks.db" }) });
 * ```
 */
export function sqliteStore(options: SqliteStoreOptions): Store & { readonly db: SqliteDatabase } {
  if (
    options.synchronous !== undefined &&
    options.synchronous !== "normal" &&
    options.synchronous !== "full"
  ) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      '[@hookwire/store-sqlite] synchronous must be "normal" or "full".',
    );
  }
  const db = openDatabase(options.filename, options.driver);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${options.synchronous === "full" ? "FULL" : "NORMAL"}`);
  db.pragma("foreign_keys = ON");

  let statements: ReturnType<typeof prepare> | undefined;
  function prepare() {
    return {
      insertSubscription: db.prepare(
        `INSERT INTO subscriptions (id, owner, url, event_types, secrets, headers, metadata, description, status, disabled_reason, failing_since, created_at, updated_at)
         VALUES (@id, @owner, @url, @event_types, @secrets, @headers, @metadata, @description, @status, @disabled_reason, @failing_since, @created_at, @updated_at)`,
      ),
      updateSubscription: db.prepare(
        `UPDATE subscriptions SET url=@url, event_types=@event_types, secrets=@secrets, headers=@headers, metadata=@metadata, description=@description,
         status=@status, disabled_reason=@disabled_reason, failing_since=@failing_since, updated_at=@updated_at WHERE id=@id`,
      ),
      getSubscription: db.prepare("SELECT * FROM subscriptions WHERE id = ?"),
      activeSubscriptions: db.prepare("SELECT * FROM subscriptions WHERE owner = ? AND status = 'active'"),
      insertEvent: db.prepare(
        "INSERT OR IGNORE INTO events (owner, id, type, payload, created_at) VALUES (?, ?, ?, ?, ?)",
      ),
      getEvent: db.prepare("SELECT * FROM events WHERE owner = ? AND id = ?"),
      insertDelivery: db.prepare(
        `INSERT INTO deliveries (id, event_id, owner, subscription_id, event_type, status, attempts, next_attempt_at, lease_until, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?, ?)`,
      ),
      due: db.prepare(
        `SELECT d.* FROM deliveries d WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.lease_until <= ?
         AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = d.subscription_id AND s.status = 'paused')
         ORDER BY d.next_attempt_at, d.id LIMIT ?`,
      ),
      takeLease: db.prepare("UPDATE deliveries SET lease_token = ?, lease_until = ? WHERE id = ?"),
      orphan: db.prepare(
        "UPDATE deliveries SET status = 'failed', last_error = ?, lease_until = 0 WHERE id = ?",
      ),
      complete: db.prepare(
        `UPDATE deliveries SET attempts = ?, status = ?, next_attempt_at = ?, last_error = ?, last_status = ?, updated_at = ?, lease_token = NULL, lease_until = 0
         WHERE id = ? AND lease_token = ?`,
      ),
      insertAttempt: db.prepare(
        "INSERT INTO attempts (id, delivery_id, attempt, started_at, duration_ms, status, response_body, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      getDelivery: db.prepare("SELECT * FROM deliveries WHERE id = ?"),
      attempts: db.prepare("SELECT * FROM attempts WHERE delivery_id = ? ORDER BY attempt, started_at"),
      requeue: db.prepare(
        "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, lease_token = NULL, lease_until = 0, updated_at = ? WHERE id = ?",
      ),
    };
  }
  const q = () => {
    statements ??= prepare();
    return statements;
  };

  const publishTx = db.transaction(
    (
      event: StoredEvent,
      matches: (s: StoredSubscription) => boolean,
      newId: () => string,
    ): { created: boolean; deliveries: number } => {
      const inserted = q().insertEvent.run(event.owner, event.id, event.type, event.payload, event.createdAt);
      if (inserted.changes === 0) return { created: false, deliveries: 0 };
      let count = 0;
      for (const row of q().activeSubscriptions.all(event.owner) as Row[]) {
        const subscription = toSubscription(row);
        if (!matches(subscription)) continue;
        q().insertDelivery.run(
          newId(),
          event.id,
          event.owner,
          subscription.id,
          event.type,
          event.createdAt,
          event.createdAt,
          event.createdAt,
        );
        count++;
      }
      return { created: true, deliveries: count };
    },
  );

  const leaseTx = db.transaction((options: Parameters<Store["lease"]>[0]): LeasedDelivery[] => {
    const candidates = (q().due.all(options.now, options.now, Math.max(options.limit * 4, 32)) as Row[]).map(
      toDelivery,
    );
    const chosen = withinAllowance(candidates, options);
    const leased: LeasedDelivery[] = [];
    for (const delivery of chosen) {
      const subscriptionRow = q().getSubscription.get(delivery.subscriptionId) as Row | undefined;
      const eventRow = q().getEvent.get(delivery.owner, delivery.eventId) as Row | undefined;
      if (!subscriptionRow || !eventRow) {
        q().orphan.run("subscription deleted", delivery.id);
        continue;
      }
      if (subscriptionRow.status === "disabled") {
        q().orphan.run("subscription disabled", delivery.id);
        continue;
      }
      const leaseToken = randomUUID();
      q().takeLease.run(leaseToken, options.now + options.leaseMs, delivery.id);
      leased.push({
        delivery,
        leaseToken,
        subscription: toSubscription(subscriptionRow),
        event: {
          id: eventRow.id as string,
          owner: eventRow.owner as string,
          type: eventRow.type as string,
          payload: eventRow.payload as string,
          createdAt: eventRow.created_at as number,
        },
      });
    }
    return leased;
  });

  const completeTx = db.transaction(
    (
      leased: LeasedDelivery,
      attempt: Attempt,
      next: { status: DeliveryStatus; nextAttemptAt: number | null; error: string | null },
    ) => {
      const updated = q().complete.run(
        attempt.attempt,
        next.status,
        next.nextAttemptAt,
        next.error,
        attempt.status,
        attempt.startedAt + attempt.durationMs,
        leased.delivery.id,
        leased.leaseToken,
      );
      if (updated.changes === 0) return false;
      q().insertAttempt.run(
        attempt.id,
        attempt.deliveryId,
        attempt.attempt,
        attempt.startedAt,
        attempt.durationMs,
        attempt.status,
        attempt.responseBody,
        attempt.error,
      );
      return true;
    },
  );

  return {
    db,
    async migrate() {
      db.exec(
        "CREATE TABLE IF NOT EXISTS hookwire_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
      );
      const applied = new Set(
        (db.prepare("SELECT version FROM hookwire_migrations").all() as Row[]).map(
          (r) => r.version as number,
        ),
      );
      db.transaction(() => {
        MIGRATIONS.forEach((sql, index) => {
          if (applied.has(index + 1)) return;
          db.exec(sql);
          db.prepare("INSERT INTO hookwire_migrations (version, applied_at) VALUES (?, ?)").run(
            index + 1,
            Date.now(),
          );
        });
      }).immediate();
    },
    async defineEventType(type: EventType) {
      db.prepare(
        "INSERT INTO event_types (name, description, schema) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET description = excluded.description, schema = excluded.schema",
      ).run(
        type.name,
        type.description ?? null,
        type.schema === undefined ? null : JSON.stringify(type.schema),
      );
    },
    async listEventTypes() {
      return (db.prepare("SELECT * FROM event_types ORDER BY name").all() as Row[]).map((row) => ({
        name: row.name as string,
        ...(row.description === null ? {} : { description: row.description as string }),
        ...(row.schema === null ? {} : { schema: JSON.parse(row.schema as string) }),
      }));
    },
    async insertSubscription(subscription) {
      q().insertSubscription.run(subscriptionParams(subscription));
    },
    async getSubscription(id, owner) {
      const row = q().getSubscription.get(id) as Row | undefined;
      if (!row || (owner !== undefined && row.owner !== owner)) return undefined;
      return toSubscription(row);
    },
    async listSubscriptions({ owner, after, limit }) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (owner !== undefined) {
        where.push("owner = ?");
        params.push(owner);
      }
      if (after !== undefined) {
        where.push("id > ?");
        params.push(after);
      }
      const sql = `SELECT * FROM subscriptions ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id LIMIT ?`;
      return (db.prepare(sql).all(...params, limit) as Row[]).map(toSubscription);
    },
    async updateSubscription(subscription) {
      q().updateSubscription.run(subscriptionParams(subscription));
    },
    async deleteSubscription(id, owner) {
      const result =
        owner === undefined
          ? db.prepare("DELETE FROM subscriptions WHERE id = ?").run(id)
          : db.prepare("DELETE FROM subscriptions WHERE id = ? AND owner = ?").run(id, owner);
      return result.changes > 0;
    },
    async publish(event, matches, publishOptions) {
      return publishTx.immediate(event, matches, publishOptions!.newId);
    },
    async lease(leaseOptions) {
      return leaseTx.immediate(leaseOptions);
    },
    async complete(leased, attempt, next) {
      return completeTx.immediate(leased, attempt, next);
    },
    async getDelivery(id, owner) {
      const row = q().getDelivery.get(id) as Row | undefined;
      if (!row || (owner !== undefined && row.owner !== owner)) return undefined;
      return toDelivery(row);
    },
    async listDeliveries({ owner, status, eventId, after, limit }) {
      const where: string[] = [];
      const params: unknown[] = [];
      for (const [column, value] of [
        ["owner = ?", owner],
        ["status = ?", status],
        ["event_id = ?", eventId],
        ["id > ?", after],
      ] as const) {
        if (value !== undefined) {
          where.push(column);
          params.push(value);
        }
      }
      const sql = `SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id LIMIT ?`;
      return (db.prepare(sql).all(...params, limit) as Row[]).map(toDelivery);
    },
    async listAttempts(deliveryId) {
      return (q().attempts.all(deliveryId) as Row[]).map(toAttempt);
    },
    async requeue(id, owner, now) {
      const row = q().getDelivery.get(id) as Row | undefined;
      if (!row || (owner !== undefined && row.owner !== owner)) return undefined;
      q().requeue.run(now, now, id);
      return toDelivery(q().getDelivery.get(id) as Row);
    },
    async countDeliveries(owner) {
      const rows = (
        owner === undefined
          ? db.prepare("SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status").all()
          : db
              .prepare("SELECT status, COUNT(*) AS n FROM deliveries WHERE owner = ? GROUP BY status")
              .all(owner)
      ) as Row[];
      const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const row of rows) counts[row.status as DeliveryStatus] = row.n as number;
      return counts;
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
