/**
 * The URL variants Twilio's signature may have been computed over. Twilio signs the URL as it
 * requested it; a server sees it with or without the default port, and with its query string
 * either as sent or normalised (`'` → `%27`). twilio-node's `validateRequest` tries the same set.
 */

interface UrlParts {
  scheme: string;
  userInfo: string;
  host: string;
  port: string;
  rest: string;
}

/** The URL split without normalising it, or `undefined` without a `scheme://` prefix. */
function split(url: string): UrlParts | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!match) return undefined;
  const authority = match[2]!;
  const at = authority.lastIndexOf("@");
  const hostPort = authority.slice(at + 1);
  // an IPv6 literal's colons are inside brackets
  const colon = hostPort.indexOf(":", hostPort.lastIndexOf("]") + 1);
  return {
    scheme: match[1]!,
    userInfo: authority.slice(0, at + 1),
    host: colon === -1 ? hostPort : hostPort.slice(0, colon),
    port: colon === -1 ? "" : hostPort.slice(colon),
    rest: url.slice(match[0].length),
  };
}

function withoutPort(url: string): string {
  const p = split(url);
  return p ? p.scheme + p.userInfo + p.host + p.rest : url;
}

function withPort(url: string): string {
  const p = split(url);
  if (!p) return url;
  if (p.port !== "") return url;
  const port = p.scheme.toLowerCase() === "https://" ? ":443" : ":80";
  return p.scheme + p.userInfo + p.host + port + p.rest;
}

/**
 * A query key or value decoded as Node's `querystring.unescape` does: `+` is a space, then
 * `decodeURIComponent`; where that fails (a stray `%`, bytes that are not UTF-8), byte by byte:
 * each valid `%XX` escape is one byte, any other character is kept, invalid UTF-8 becomes U+FFFD
 * (a byte-order mark is kept).
 */
function decode(text: string): string {
  const spaced = text.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    const bytes: number[] = [];
    for (let i = 0; i < spaced.length; i++) {
      const hex = spaced[i] === "%" && /[0-9a-f]{2}/i.test(spaced.slice(i + 1, i + 3));
      bytes.push(hex ? Number.parseInt(spaced.slice(i + 1, i + 3), 16) : spaced.charCodeAt(i));
      if (hex) i += 2;
    }
    return new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(bytes));
  }
}

/**
 * The query string re-encoded as Node's legacy `querystring` module writes it, as twilio-node's
 * `validateRequest` does: everything after the first `?` is the query (a fragment too), values of
 * a repeated key are grouped at its first place, keys in the order of a plain object's properties
 * (integer-like keys first, ascending), `encodeURIComponent` escaping. Some back ends signed that form.
 */
function legacyQuery(url: string): string {
  const q = url.indexOf("?");
  if (q === -1 || q === url.length - 1) return url;
  const grouped: Record<string, string[]> = Object.create(null);
  for (const pair of url.slice(q + 1).split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decode(pair.slice(eq + 1));
    const values = grouped[key];
    if (values) values.push(value);
    else grouped[key] = [value];
  }
  const encoded: string[] = [];
  for (const key of Object.keys(grouped)) {
    for (const value of grouped[key]!)
      encoded.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  return `${url.slice(0, q)}?${encoded.join("&")}`;
}

/**
 * Every URL to try, the URL as received first: without and with the default port, then the WHATWG
 * normalised URL the same two ways and each with the legacy query encoding. Duplicates removed.
 *
 * @example
 * ```ts
 * twilioUrlVariants("https://example.com/sms?x=it's");
 * // ["https://example.com/sms?x=it's", "https://example.com:443/sms?x=it's", "https://example.com/sms?x=it%27s", …]
 * ```
 */
export function twilioUrlVariants(url: string): string[] {
  const variants = [withoutPort(url), withPort(url)];
  const normalised = URL.canParse(url) ? new URL(url).toString() : undefined;
  if (normalised !== undefined) {
    const bare = withoutPort(normalised);
    const ported = withPort(normalised);
    variants.push(bare, ported, legacyQuery(bare), legacyQuery(ported));
  }
  return [...new Set(variants)];
}
