import { lookup as dnsLookup } from "node:dns";
import { isIP } from "node:net";
import { WebhookError } from "@hookwire/core";

type Cidr = [bigint, number, 4 | 6];

function parseIPv4(address: string): bigint | undefined {
  const parts = address.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIPv6(address: string): bigint | undefined {
  let text = address.toLowerCase().split("%")[0]!;
  // an embedded IPv4 tail (::ffff:1.2.3.4)
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const tail = parseIPv4(v4[1]!);
    if (tail === undefined) return undefined;
    text = `${text.slice(0, -v4[1]!.length)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(Number.parseInt(group, 16));
  }
  return value;
}

function cidr(text: string): Cidr {
  const [address, bits] = text.split("/") as [string, string];
  const v4 = parseIPv4(address);
  return v4 !== undefined ? [v4, Number(bits), 4] : [parseIPv6(address)!, Number(bits), 6];
}

/** Ranges a webhook must never reach unless private networks are explicitly allowed. */
const BLOCKED: Cidr[] = [
  "0.0.0.0/8", // "this" network
  "10.0.0.0/8", // private
  "100.64.0.0/10", // carrier-grade NAT
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local, cloud metadata (169.254.169.254)
  "172.16.0.0/12", // private
  "192.0.0.0/24", // IETF protocol assignments
  "192.0.2.0/24", // documentation
  "192.168.0.0/16", // private
  "198.18.0.0/15", // benchmarking
  "198.51.100.0/24", // documentation
  "203.0.113.0/24", // documentation
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, broadcast
  "::/128", // unspecified
  "::1/128", // loopback
  "64:ff9b:1::/48", // local-use NAT64
  "100::/64", // discard
  "2001:db8::/32", // documentation
  "fc00::/7", // unique local (includes fd00:ec2::254, a cloud metadata address)
  "fe80::/10", // link-local
  "ff00::/8", // multicast
].map(cidr);

function inRange(value: bigint, [base, bits, family]: Cidr, width: 32 | 128): boolean {
  if ((family === 4 ? 32 : 128) !== width) return false;
  const shift = BigInt(width - bits);
  return value >> shift === base >> shift;
}

/**
 * Whether an IP address is private, loopback, link-local, CGNAT, unique-local, multicast, reserved or a
 * cloud metadata address — IPv4, IPv6, and IPv4 inside IPv6 (`::ffff:127.0.0.1`, NAT64 `64:ff9b::…`).
 *
 * @example
 * ```ts
 * isBlockedAddress("169.254.169.254") // true
 * isBlockedAddress("::ffff:10.0.0.1") // true
 * isBlockedAddress("93.184.216.34")   // false
 * ```
 */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address.split("%")[0]!);
  if (family === 4) return BLOCKED.some((range) => inRange(parseIPv4(address)!, range, 32));
  if (family !== 6) return true; // not an IP: refuse
  const value = parseIPv6(address);
  if (value === undefined) return true;
  // IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96) and NAT64 (64:ff9b::/96): judge the IPv4 inside
  const high = value >> 32n;
  if (high === 0xffffn || high === 0n || high === 0x64ff9b0000000000000000n) {
    const v4 = value & 0xffffffffn;
    if (high !== 0n || v4 > 1n) return BLOCKED.some((range) => inRange(v4, range, 32));
  }
  return BLOCKED.some((range) => inRange(value, range, 128));
}

/**
 * A `dns.lookup`-compatible function.
 *
 * @example
 * ```ts
 * const lookup: LookupFunction = (_host, _options, callback) => callback(null, [{ address: "93.184.216.34", family: 4 }]);
 * ```
 */
export type LookupFunction = (
  hostname: string,
  options: { all: true },
  callback: (
    error: NodeJS.ErrnoException | null,
    addresses: Array<{ address: string; family: number }>,
  ) => void,
) => void;

/**
 * A `lookup` for sockets that resolves the host, refuses it when ANY answer is a blocked address,
 * and hands the socket the checked address — so DNS rebinding between check and connect is impossible.
 *
 * @example
 * ```ts
 * const agent = new Agent({ connect: { lookup: guardedLookup({ allowPrivateNetwork: false }) } });
 * ```
 */
export function guardedLookup(options: {
  allowPrivateNetwork: boolean;
  lookup?: LookupFunction;
  /** How the refusal names the development switch (default `allowPrivateNetwork: true`). */
  switchName?: string;
}) {
  const resolve: LookupFunction = options.lookup ?? (dnsLookup as unknown as LookupFunction);
  return (
    hostname: string,
    lookupOptions: { all?: boolean } | number,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | Array<{ address: string; family: number }>,
      family?: number,
    ) => void,
  ): void => {
    resolve(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      if (!addresses || addresses.length === 0) {
        return callback(Object.assign(new Error(`No address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
      }
      if (!options.allowPrivateNetwork) {
        const blocked = addresses.find((a) => isBlockedAddress(a.address));
        if (blocked) {
          const refused = new WebhookError(
            "ADDRESS_BLOCKED",
            `[@hookwire/sender] ${hostname} resolves to ${blocked.address}, a private, loopback, link-local or metadata address: delivery refused. For development, turn on ${options.switchName ?? DEFAULT_SWITCH}.`,
          );
          return callback(
            Object.assign(refused, { errno: 0, syscall: "lookup" }) as unknown as NodeJS.ErrnoException,
            "",
            0,
          );
        }
      }
      const wantsAll = typeof lookupOptions === "object" && lookupOptions?.all === true;
      if (wantsAll) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

const DEFAULT_SWITCH = "allowPrivateNetwork: true";

/**
 * Refuse a URL host that is blocked, before any connection (an `ADDRESS_BLOCKED` error): an IP literal
 * in a blocked range, or the loopback names `localhost` and `*.localhost`. `switchName` is how the
 * message names the development switch on the caller's surface (default `allowPrivateNetwork: true`).
 *
 * @example
 * ```ts
 * assertAllowedHost("[::ffff:127.0.0.1]", false); // throws WebhookError ADDRESS_BLOCKED
 * assertAllowedHost("localhost", false, "--allow-private-network"); // throws, naming the flag
 * ```
 */
export function assertAllowedHost(
  hostname: string,
  allowPrivateNetwork: boolean,
  switchName: string = DEFAULT_SWITCH,
): void {
  if (allowPrivateNetwork) return;
  const bare = hostname.replace(/^\[|\]$/g, "");
  const name = bare.toLowerCase().replace(/\.$/, "");
  const what =
    name === "localhost" || name.endsWith(".localhost")
      ? "a loopback name"
      : isIP(bare) !== 0 && isBlockedAddress(bare)
        ? "a private, loopback, link-local or metadata address"
        : undefined;
  if (what) {
    throw new WebhookError(
      "ADDRESS_BLOCKED",
      `[@hookwire/sender] ${bare} is ${what}: delivery refused. For development, turn on ${switchName}.`,
    );
  }
}
