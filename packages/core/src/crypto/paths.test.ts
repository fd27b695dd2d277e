// verifyHmacNow takes one of several paths by what the backend offers: hex text compared with the MAC's hex
// (Node), a MAC compared with hex text natively or in JavaScript, decoded candidates synchronously, or Web
// Crypto's promise. Each path is run here by hiding backend methods, and must give the same answers.
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { cryptoBackend, verifyHmacNow } from "./index.js";
import type { CryptoBackend } from "./types.js";

const KEYS = ["first", "second"];
const mac = (key: string, body: string) => createHmac("sha256", key).update(body).digest("hex");
/** A body whose MAC under "second" has the hex digits 0, 9, a and f (the ends of each range). */
const BODY = (() => {
  for (let i = 0; ; i++) {
    const body = `payload ${i}`;
    const hex = mac("second", body);
    if (["0", "9", "a", "f"].every((c) => hex.includes(c))) return body;
  }
})();
const GOOD = mac("second", BODY);

const saved: Partial<CryptoBackend> = { ...cryptoBackend };
const backend = cryptoBackend as { -readonly [K in keyof CryptoBackend]?: CryptoBackend[K] };
afterEach(() => {
  Object.assign(backend, saved);
});

const paths: Array<[string, Array<keyof CryptoBackend>]> = [
  ["hex text (Node)", []],
  ["native hex comparison", ["hmacHex"]],
  ["JavaScript hex comparison", ["hmacHex", "equalsHex"]],
  ["no synchronous HMAC (Web Crypto)", ["hmacHex", "equalsHex", "hmacSync"]],
];

it("answers with a number on Node for a list of signatures too, and verifyHmac with a promise", async () => {
  const { verifyHmac } = await import("./index.js");
  expect(verifyHmacNow("SHA-256", KEYS, BODY, ["zz", GOOD], "hex")).toBe(1);
  const answer = verifyHmac("SHA-256", KEYS, BODY, GOOD, "hex");
  expect(answer).toBeInstanceOf(Promise);
  expect(await answer).toBe(1);
});

describe.each(paths)("verifyHmacNow by %s", (_, hidden) => {
  const check = async (signatures: string | string[]) => {
    for (const name of hidden) delete backend[name];
    return await verifyHmacNow("SHA-256", KEYS, BODY, signatures, "hex");
  };

  it("finds the key of a hex signature in either case, trimmed", async () => {
    expect(await check(GOOD)).toBe(1);
    expect(await check(GOOD.toUpperCase())).toBe(1);
    expect(await check(` ${GOOD} `)).toBe(1);
    expect(await check(mac("first", BODY))).toBe(0);
    expect(await check(["zz", GOOD])).toBe(1);
  });

  it("refuses another MAC, other lengths and any character next to the hex ranges", async () => {
    expect(await check(mac("third", BODY))).toBe(-1);
    expect(await check(GOOD.slice(0, -2))).toBe(-1);
    expect(await check(GOOD.slice(0, -1))).toBe(-1);
    expect(await check(`${GOOD}00`)).toBe(-1);
    expect(await check("")).toBe(-1);
    expect(await check([])).toBe(-1);
    // each character sits where the MAC has the digit a branch-free hex reading would take it for
    const lookalike: Record<string, string> = {
      "/": "f",
      ":": "a",
      "@": "9",
      G: "0",
      "`": "9",
      g: "0",
      " ": "0",
    };
    for (const c of ["/", ":", "@", "G", "`", "g", " "]) {
      const at = GOOD.indexOf(lookalike[c]!);
      expect([c, await check(`${GOOD.slice(0, at)}${c}${GOOD.slice(at + 1)}`)]).toEqual([c, -1]);
    }
  });
});
