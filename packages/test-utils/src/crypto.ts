import { cryptoBackend } from "@hookwire/core";

type Writable = { -readonly [K in keyof typeof cryptoBackend]?: (typeof cryptoBackend)[K] };

/**
 * Runs `run` with core's synchronous HMAC hidden (`hmacSync`, `hmacHex`, `equalsHex`), as on a
 * runtime with only Web Crypto, so that a scheme's promise path is the one tested; the backend is
 * restored afterwards, whether `run` resolves or throws.
 */
export async function withoutSyncHmac<T>(run: () => Promise<T>): Promise<T> {
  const backend = cryptoBackend as Writable;
  const saved = { ...cryptoBackend };
  backend.hmacSync = undefined;
  backend.hmacHex = undefined;
  backend.equalsHex = undefined;
  try {
    return await run();
  } finally {
    Object.assign(backend, saved);
  }
}
