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

/** `decodeURIComponent` that keeps what it cannot decode, with `+` as a space (form encoding). */
function decode(text: string): string {
  const spaced = text.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/**
 * The query string re-encoded as Node's legacy `querystring` module writes it (values of a repeated
 * key grouped at its first place, `encodeURIComponent` escaping): some back ends signed that form.
 */
function legacyQuery(url: string): string {
  const q = url.indexOf("?");
  if (q === -1 || q === url.length - 1) return url;
  const hash = url.indexOf("#", q);
  const query = url.slice(q + 1, hash === -1 ? undefined : hash);
  const grouped = new Map<string, string[]>();
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decode(pair.slice(eq + 1));
    const values = grouped.get(key);
    if (values) values.push(value);
    else grouped.set(key, [value]);
  }
  const encoded: string[] = [];
  for (const [key, values] of grouped) {
    for (const value of values) encoded.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  return `${url.slice(0, q)}?${encoded.join("&")}${hash === -1 ? "" : url.slice(hash)}`;
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
  let normalised: string | undefined;
  try {
    normalised = new URL(url).toString();
  } catch {
    normalised = undefined;
  }
  if (normalised !== undefined) {
    const bare = withoutPort(normalised);
    const ported = withPort(normalised);
    variants.push(bare, ported, legacyQuery(bare), legacyQuery(ported));
  }
  return [...new Set(variants)];
}
