import { randomBytes } from "node:crypto";

let last = 0;
let counter = 0;
/** Random bytes fetched 9 KiB at a time: one call into the system's generator per 1,024 ids. */
let pool = Buffer.alloc(0);
let offset = 0;

function random9(): Buffer {
  if (offset + 9 > pool.length) {
    pool = randomBytes(9 * 1024);
    offset = 0;
  }
  offset += 9;
  return pool.subarray(offset - 9, offset);
}

/**
 * A time-ordered id: `<prefix>_` + 10 base-36 characters of milliseconds and a counter, then 12 random
 * characters. Ids sort in creation order, which cursor pagination relies on.
 *
 * @example
 * ```ts
 * newId("sub") // "sub_mf3k2c0a01x7q9…"
 * ```
 */
export function newId(prefix: string): string {
  const now = Date.now();
  counter = now === last ? counter + 1 : 0;
  last = now;
  const time = (now * 1000 + (counter % 1000)).toString(36).padStart(11, "0");
  const random = random9()
    .toString("base64url")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "0")
    .slice(0, 12);
  return `${prefix}_${time}${random}`;
}
