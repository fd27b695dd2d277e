import { randomUUID } from "node:crypto";
import { WebhookError } from "@hookwire/core";
import {
  type Attempt,
  type Completion,
  type Delivery,
  type DeliveryQuery,
  type DeliveryQueryPage,
  type DeliveryStatus,
  type EventType,
  filterKeys,
  type LeasedDelivery,
  type LeaseOptions,
  planDeliveryQuery,
  rateWindow,
  rotatedSecrets,
  type Store,
  type StoredEvent,
  type StoredSubscription,
  type SubscriptionPatch,
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
  // the filter index publish matches through, the rate limit, and counting leases per subscription
  `ALTER TABLE subscriptions ADD COLUMN rate_limit INTEGER;
   ALTER TABLE subscriptions ADD COLUMN rate_window INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE subscriptions ADD COLUMN rate_used INTEGER NOT NULL DEFAULT 0;
   CREATE TABLE IF NOT EXISTS subscription_filters (
     owner TEXT NOT NULL, filter TEXT NOT NULL, subscription_id TEXT NOT NULL,
     PRIMARY KEY (owner, filter, subscription_id)) WITHOUT ROWID;
   CREATE INDEX IF NOT EXISTS subscription_filters_subscription ON subscription_filters (subscription_id);
   INSERT OR IGNORE INTO subscription_filters (owner, filter, subscription_id)
     SELECT s.owner, j.value, s.id FROM subscriptions s, json_each(s.event_types) j;
   CREATE INDEX IF NOT EXISTS deliveries_leased ON deliveries (subscription_id, lease_until)
     WHERE lease_until > 0 AND status = 'pending';
   DROP INDEX IF EXISTS deliveries_due;
   CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status = 'pending';`,
  // the headers each attempt sent (JSON, in the order sent; NULL for attempts recorded before)
  `ALTER TABLE attempts ADD COLUMN request_headers TEXT;`,
  // the dashboard's failed deliveries (and recover's, per subscription): partial indexes hold only failed
  // rows, so a publish's pending inserts never write them
  `CREATE INDEX IF NOT EXISTS deliveries_failed ON deliveries (owner, id) WHERE status = 'failed';
   CREATE INDEX IF NOT EXISTS deliveries_failed_subscription ON deliveries (subscription_id, id) WHERE status = 'failed';`,
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
    rateLimit: (row.rate_limit as number | null) ?? null,
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
    requestHeaders: row.request_headers ? JSON.parse(row.request_headers as string) : null,
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
    rate_limit: s.rateLimit ?? null,
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
        `INSERT INTO subscriptions (id, owner, url, event_types, secrets, headers, metadata, description, status, rate_limit, disabled_reason, failing_since, created_at, updated_at)
         VALUES (@id, @owner, @url, @event_types, @secrets, @headers, @metadata, @description, @status, @rate_limit, @disabled_reason, @failing_since, @created_at, @updated_at)`,
      ),
      insertFilters: db.prepare(
        "INSERT OR IGNORE INTO subscription_filters (owner, filter, subscription_id) SELECT ?, value, ? FROM json_each(?)",
      ),
      deleteFilters: db.prepare("DELETE FROM subscription_filters WHERE subscription_id = ?"),
      getSubscription: db.prepare("SELECT * FROM subscriptions WHERE id = ?"),
      setSecrets: db.prepare("UPDATE subscriptions SET secrets = ?, updated_at = ? WHERE id = ?"),
      replaceSecrets: db.prepare("UPDATE subscriptions SET secrets = ? WHERE id = ? AND secrets = ?"),
      markFailing: db.prepare(
        "UPDATE subscriptions SET failing_since = COALESCE(failing_since, ?) WHERE id = ? RETURNING failing_since, status",
      ),
      clearFailing: db.prepare(
        "UPDATE subscriptions SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL",
      ),
      disable: db.prepare(
        "UPDATE subscriptions SET status = 'disabled', disabled_reason = ?, updated_at = ? WHERE id = ? AND status <> 'disabled' RETURNING *",
      ),
      deleteSubscription: db.prepare("DELETE FROM subscriptions WHERE id = ?"),
      // one delivery per active subscription whose filter index entry accepts the type, numbered after a prefix
      fanOut: db.prepare(
        `INSERT INTO deliveries (id, event_id, owner, subscription_id, event_type, status, attempts, next_attempt_at, lease_until, created_at, updated_at)
         SELECT ? || printf('%07d', row_number() OVER ()), ?, ?, m.subscription_id, ?, 'pending', 0, ?, 0, ?, ?
         FROM (SELECT DISTINCT f.subscription_id FROM subscription_filters f JOIN subscriptions x ON x.id = f.subscription_id
               WHERE f.owner = ? AND f.filter IN (SELECT value FROM json_each(?)) AND x.status = 'active') m`,
      ),
      rateOf: db.prepare("SELECT rate_limit, rate_window, rate_used FROM subscriptions WHERE id = ?"),
      useRate: db.prepare(
        "UPDATE subscriptions SET rate_used = CASE WHEN rate_window = ? THEN rate_used + ? ELSE ? END, rate_window = ? WHERE id = ?",
      ),
      leasedCount: db.prepare(
        "SELECT COUNT(*) AS n FROM deliveries WHERE subscription_id = ? AND status = 'pending' AND lease_until > 0 AND lease_until > ?",
      ),
      insertEvent: db.prepare(
        "INSERT OR IGNORE INTO events (owner, id, type, payload, created_at) VALUES (?, ?, ?, ?, ?)",
      ),
      insertDelivery: db.prepare(
        `INSERT INTO deliveries (id, event_id, owner, subscription_id, event_type, status, attempts, next_attempt_at, lease_until, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, 0, ?, ?)`,
      ),
      // due deliveries with their events (one statement; a delivery whose event is missing is never due)
      due: db.prepare(
        `SELECT d.*, e.type AS e_type, e.payload AS e_payload, e.created_at AS e_created_at
         FROM deliveries d JOIN events e ON e.owner = d.owner AND e.id = d.event_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.lease_until <= ?
         AND d.id NOT IN (SELECT value FROM json_each(?)) AND d.subscription_id NOT IN (SELECT value FROM json_each(?))
         AND NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.id = d.subscription_id AND s.status IN (SELECT value FROM json_each(?)))
         ORDER BY d.next_attempt_at, d.id LIMIT ?`,
      ),
      // one token for the deliveries of one lease call: a completion matches the delivery id and the token
      takeLeases: db.prepare(
        "UPDATE deliveries SET lease_token = ?, lease_until = ? WHERE id IN (SELECT value FROM json_each(?))",
      ),
      settle: db.prepare(
        `UPDATE deliveries SET status = ?, next_attempt_at = ?, last_error = ?, lease_token = NULL, lease_until = 0
         WHERE id = ? AND lease_token = ?`,
      ),
      complete: db.prepare(
        `UPDATE deliveries SET attempts = ?, status = ?, next_attempt_at = ?, last_error = ?, last_status = ?, updated_at = ?, lease_token = NULL, lease_until = 0
         WHERE id = ? AND lease_token = ?`,
      ),
      insertAttempt: db.prepare(
        "INSERT INTO attempts (id, delivery_id, attempt, started_at, duration_ms, status, request_headers, response_body, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    (event: StoredEvent, idPrefix: string): { created: boolean; deliveries: number } => {
      const inserted = q().insertEvent.run(event.owner, event.id, event.type, event.payload, event.createdAt);
      if (Number(inserted.changes) === 0) return { created: false, deliveries: 0 };
      const at = event.createdAt;
      const made = q().fanOut.run(
        idPrefix,
        event.id,
        event.owner,
        event.type,
        at,
        at,
        at,
        event.owner,
        JSON.stringify(filterKeys(event.type)),
      );
      return { created: true, deliveries: Number(made.changes) };
    },
  );

  const leaseTx = db.transaction((options: LeaseOptions): LeasedDelivery[] => {
    const { now, limit } = options;
    const hold = JSON.stringify(options.hold ?? []);
    const full = new Set(options.skipSubscriptions ?? []);
    const leasedNow = new Map<string, number>();
    const rate = new Map<string, number>();
    const subscriptions = new Map<string, Row | undefined>();
    const seen: string[] = [];
    const chosen: Delivery[] = [];
    const rowOf = new Map<string, Row>();
    // rows the caps refuse are passed over in a further round, with their subscription left out
    for (let round = 0; round < 4 && chosen.length < limit; round++) {
      const want = limit - chosen.length;
      const rows = q().due.all(
        now,
        now,
        JSON.stringify(seen),
        JSON.stringify([...full]),
        hold,
        want,
      ) as Row[];
      if (rows.length === 0) break;
      const candidates = rows.map(toDelivery);
      for (const [i, c] of candidates.entries()) {
        rowOf.set(c.id, rows[i]!);
        seen.push(c.id);
        const sub = c.subscriptionId;
        if (subscriptions.has(sub)) continue;
        const row = q().getSubscription.get(sub) as Row | undefined;
        subscriptions.set(sub, row);
        if (options.perSubscription !== undefined)
          leasedNow.set(sub, Number((q().leasedCount.get(sub, now) as Row).n));
        if (row && row.rate_limit !== null) {
          const used = row.rate_window === rateWindow(now) ? Number(row.rate_used) : 0;
          rate.set(sub, Math.max(0, Number(row.rate_limit) - used));
        }
      }
      const picked = withinAllowance(candidates, {
        limit: want,
        perSubscription: options.perSubscription,
        leased: leasedNow,
        rate,
      });
      for (const c of picked) {
        leasedNow.set(c.subscriptionId, (leasedNow.get(c.subscriptionId) ?? 0) + 1);
        if (rate.has(c.subscriptionId)) rate.set(c.subscriptionId, rate.get(c.subscriptionId)! - 1);
      }
      chosen.push(...picked);
      const took = new Set(picked.map((c) => c.subscriptionId));
      for (const c of candidates) if (!took.has(c.subscriptionId)) full.add(c.subscriptionId);
      if (rows.length < want) break;
    }
    const leased: LeasedDelivery[] = [];
    if (chosen.length === 0) return leased;
    const rated = new Map<string, number>();
    // one subscription object per lease, shared by its deliveries (parsed once)
    const parsed = new Map<string, StoredSubscription | null>();
    const leaseToken = randomUUID();
    q().takeLeases.run(leaseToken, now + options.leaseMs, JSON.stringify(chosen.map((d) => d.id)));
    for (const delivery of chosen) {
      const row = rowOf.get(delivery.id)!;
      const sub = delivery.subscriptionId;
      const subscriptionRow = subscriptions.get(sub);
      let subscription = parsed.get(sub);
      if (subscription === undefined) {
        subscription = subscriptionRow ? toSubscription(subscriptionRow) : null;
        parsed.set(sub, subscription);
      }
      if (subscriptionRow && subscriptionRow.rate_limit !== null) rated.set(sub, (rated.get(sub) ?? 0) + 1);
      leased.push({
        delivery,
        leaseToken,
        subscription,
        event: {
          id: delivery.eventId,
          owner: delivery.owner,
          type: row.e_type as string,
          payload: row.e_payload as string,
          createdAt: row.e_created_at as number,
        },
      });
    }
    const window = rateWindow(now);
    for (const [id, n] of rated) q().useRate.run(window, n, n, window, id);
    return leased;
  });

  const completeTx = db.transaction((items: readonly Completion[]): boolean[] =>
    items.map(({ leased, attempt, status, nextAttemptAt, error }) => {
      if (!attempt) {
        const settled = q().settle.run(status, nextAttemptAt, error, leased.delivery.id, leased.leaseToken);
        return Number(settled.changes) > 0;
      }
      const updated = q().complete.run(
        attempt.attempt,
        status,
        nextAttemptAt,
        error,
        attempt.status,
        attempt.startedAt + attempt.durationMs,
        leased.delivery.id,
        leased.leaseToken,
      );
      if (Number(updated.changes) === 0) return false;
      q().insertAttempt.run(
        attempt.id,
        attempt.deliveryId,
        attempt.attempt,
        attempt.startedAt,
        attempt.durationMs,
        attempt.status,
        attempt.requestHeaders ? JSON.stringify(attempt.requestHeaders) : null,
        attempt.responseBody,
        attempt.error,
      );
      return true;
    }),
  );

  const insertTx = db.transaction((subscription: StoredSubscription) => {
    q().insertSubscription.run(subscriptionParams(subscription));
    q().insertFilters.run(subscription.owner, subscription.id, JSON.stringify(subscription.eventTypes));
  });

  const patchTx = db.transaction(
    (id: string, patch: SubscriptionPatch, owner: string | undefined, at: number) => {
      const before = q().getSubscription.get(id) as Row | undefined;
      if (!before || (owner !== undefined && before.owner !== owner)) return undefined;
      const sets = ["updated_at = ?"];
      const values: unknown[] = [at];
      const set = (column: string, value: unknown) => {
        sets.push(`${column} = ?`);
        values.push(value);
      };
      if (patch.url !== undefined) set("url", patch.url);
      if (patch.eventTypes !== undefined) set("event_types", JSON.stringify(patch.eventTypes));
      if (patch.headers !== undefined) set("headers", JSON.stringify(patch.headers));
      if (patch.metadata !== undefined) set("metadata", JSON.stringify(patch.metadata));
      if (patch.description !== undefined) set("description", patch.description);
      if (patch.rateLimit !== undefined) set("rate_limit", patch.rateLimit);
      if (patch.status !== undefined) {
        set("status", patch.status);
        if (patch.status !== before.status) set("disabled_reason", patch.disabledReason ?? null);
        if (patch.status === "active") set("failing_since", null);
      }
      db.prepare(`UPDATE subscriptions SET ${sets.join(", ")} WHERE id = ?`).run(...values, id);
      if (patch.eventTypes !== undefined) {
        q().deleteFilters.run(id);
        q().insertFilters.run(before.owner, id, JSON.stringify(patch.eventTypes));
      }
      return {
        subscription: toSubscription(q().getSubscription.get(id) as Row),
        previousStatus: before.status as StoredSubscription["status"],
      };
    },
  );

  const rotateTx = db.transaction(
    (id: string, owner: string | undefined, secret: string, at: number, graceMs: number) => {
      const before = q().getSubscription.get(id) as Row | undefined;
      if (!before || (owner !== undefined && before.owner !== owner)) return undefined;
      const next = rotatedSecrets(JSON.parse(before.secrets as string), secret, at, graceMs);
      q().setSecrets.run(JSON.stringify(next), at, id);
      return toSubscription(q().getSubscription.get(id) as Row);
    },
  );

  const deleteTx = db.transaction((id: string, owner: string | undefined) => {
    const before = q().getSubscription.get(id) as Row | undefined;
    if (!before || (owner !== undefined && before.owner !== owner)) return false;
    q().deleteSubscription.run(id);
    q().deleteFilters.run(id);
    return true;
  });

  /**
   * The dashboard's listing: walk one index in id order — failed rows through their partial indexes, the
   * others through (owner, id), pending ones from the first pending id (the due index) — and evaluate the
   * remaining filters on at most `scanLimit` of its entries. A first index-only query finds where that
   * bounded scan ends.
   */
  // the listing's statements, by shape (a few dozen at most)
  const listing = new Map<string, ReturnType<SqliteDatabase["prepare"]>>();
  const prepared = (sql: string) => {
    let statement = listing.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      listing.set(sql, statement);
    }
    return statement;
  };
  function queryDeliveries(query: DeliveryQuery): DeliveryQueryPage {
    const { status, limit } = query;
    const scanLimit = Math.max(query.scanLimit, limit);
    const { index, walk, walked, filters, filtered } = planDeliveryQuery(query);
    if (status === "pending") {
      // up to scanLimit pending rows in all: read them from the due index, every filter on them
      const pending = prepared(
        "SELECT count(*) AS n FROM (SELECT 1 FROM deliveries INDEXED BY deliveries_due WHERE status = 'pending' LIMIT ?)",
      ).get(scanLimit + 1) as Row;
      if (Number(pending.n) <= scanLimit) {
        const rows = prepared(
          `SELECT * FROM deliveries INDEXED BY deliveries_due WHERE ${["status = 'pending'", ...walk, ...filters].join(" AND ")} ORDER BY id LIMIT ?`,
        ).all(...walked, ...filtered, limit) as Row[];
        const items = rows.map(toDelivery);
        return { items, cursor: items.length === limit ? items[items.length - 1]!.id : null };
      }
      // a larger backlog: start the walk at the first pending row (an index-only read of the due index)
      const first = prepared(
        `SELECT min(id) AS id FROM deliveries INDEXED BY deliveries_due WHERE status = 'pending'${query.after === undefined ? "" : " AND id > ?"}`,
      ).get(...(query.after === undefined ? [] : [query.after])) as Row;
      if (first.id === null) return { items: [], cursor: null };
      walk.push("id >= ?");
      walked.push(first.id);
    }
    const from = `deliveries${index ? ` INDEXED BY ${index}` : ""}`;
    const where = walk.length ? walk.join(" AND ") : "1";
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
        const row = prepared(`SELECT id FROM ${from} WHERE ${range} ORDER BY id LIMIT 1 OFFSET ?`).get(
          ...ranged,
          window - 1,
        ) as Row | undefined;
        end = row?.id as string | undefined;
      }
      const rows = prepared(
        `SELECT * FROM ${from} WHERE ${[range, ...filters, ...(end === undefined ? [] : ["id <= ?"])].join(" AND ")} ORDER BY id LIMIT ?`,
      ).all(...ranged, ...filtered, ...(end === undefined ? [] : [end]), limit - items.length) as Row[];
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
      insertTx.immediate(subscription);
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
    async patchSubscription(id, patch, { owner, at }) {
      return patchTx.immediate(id, patch, owner, at);
    },
    async rotateSecret(id, { owner, secret, at, graceMs }) {
      return rotateTx.immediate(id, owner, secret, at, graceMs);
    },
    async replaceSecrets(id, expected, next) {
      return Number(q().replaceSecrets.run(JSON.stringify(next), id, JSON.stringify(expected)).changes) > 0;
    },
    async markFailing(id, since) {
      const row = q().markFailing.get(since, id) as Row | undefined;
      return row
        ? { failingSince: row.failing_since as number, status: row.status as StoredSubscription["status"] }
        : undefined;
    },
    async clearFailing(id) {
      q().clearFailing.run(id);
    },
    async disableSubscription(id, reason, { owner, at }) {
      const before = q().getSubscription.get(id) as Row | undefined;
      if (!before || (owner !== undefined && before.owner !== owner)) return undefined;
      const row = q().disable.get(reason, at, id) as Row | undefined;
      return row ? toSubscription(row) : undefined;
    },
    async deleteSubscription(id, owner) {
      return deleteTx.immediate(id, owner);
    },
    async publish(event, publishOptions) {
      return publishTx.immediate(event, publishOptions.idPrefix);
    },
    async lease(leaseOptions) {
      return leaseTx.immediate(leaseOptions);
    },
    async completeMany(items) {
      return items.length === 0 ? [] : completeTx.immediate(items);
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
    async queryDeliveries(query) {
      return queryDeliveries(query);
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
