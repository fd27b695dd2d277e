import { describe, expect, it, vi } from "vitest";
import { verifyBasicAuth, verifyCodeQuery } from "./code-query.js";
import type { WebhookRequest } from "./types.js";

const CODE = "a".repeat(32);
const req = (url: string, headers: Record<string, string> = {}): WebhookRequest => ({
  method: "POST",
  url,
  headers: new Headers(headers),
  body: new Uint8Array(),
});

describe("verifyCodeQuery", () => {
  it("accepts the configured code and any of several", async () => {
    await expect(
      verifyCodeQuery(req(`https://x.test/h?code=${CODE}`), { code: CODE }, "@t"),
    ).resolves.toBeUndefined();
    const other = "b".repeat(40);
    await expect(
      verifyCodeQuery(req(`https://x.test/h?code=${other}`), { code: [CODE, other] }, "@t"),
    ).resolves.toBeUndefined();
  });
  it("refuses a wrong or missing code, and a configured code shorter than 32 characters", async () => {
    await expect(
      verifyCodeQuery(req(`https://x.test/h?code=${"c".repeat(32)}`), { code: CODE }, "@t"),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    await expect(verifyCodeQuery(req("https://x.test/h"), { code: CODE }, "@t")).rejects.toMatchObject({
      code: "SIGNATURE_MISSING",
    });
    await expect(
      verifyCodeQuery(req("https://x.test/h?code=short"), { code: "short" }, "@t"),
    ).rejects.toMatchObject({
      code: "CONFIGURATION_INVALID",
    });
    await expect(
      verifyCodeQuery(req("https://x.test/h?code=x"), { code: undefined }, "@t"),
    ).rejects.toMatchObject({
      code: "CONFIGURATION_INVALID",
    });
  });
});

describe("verifyBasicAuth", () => {
  it("accepts matching credentials and refuses others", () => {
    const ok = req("https://x.test", { authorization: `Basic ${btoa("u:p")}` });
    expect(() => verifyBasicAuth(ok, [{ username: "u", password: "p" }], "@t")).not.toThrow();
    expect(() => verifyBasicAuth(ok, [{ username: "u", password: "q" }], "@t")).toThrow(/failed/);
    expect(() => verifyBasicAuth(req("https://x.test"), [{ username: "u", password: "p" }], "@t")).toThrow(
      /missing/,
    );
  });
});

describe("URL secrets, Basic auth and secret options (receivers review)", () => {
  it("refuses a code secret over plain http with HTTPS_REQUIRED, unless allowHttp or a trusted proxy says https", async () => {
    const { assertSharedSecret, verifySharedSecret } = await import("./code-query.js");
    const http = req(`http://x.test/h?code=${CODE}`);
    await expect(verifyCodeQuery(http, { code: CODE }, "@t")).rejects.toMatchObject({
      code: "HTTPS_REQUIRED",
      status: 403,
    });
    await expect(verifySharedSecret(http, { code: CODE }, "@t")).rejects.toMatchObject({
      code: "HTTPS_REQUIRED",
    });
    await expect(verifySharedSecret(http, { code: CODE, allowHttp: true }, "@t")).resolves.toBeUndefined();
    const proxied = req(`http://x.test/h?code=${CODE}`, { "x-forwarded-proto": "https" });
    await expect(verifyCodeQuery(proxied, { code: CODE }, "@t")).rejects.toMatchObject({
      code: "HTTPS_REQUIRED",
    });
    await expect(verifyCodeQuery(proxied, { code: CODE, trustProxy: true }, "@t")).resolves.toBeUndefined();
    const standard = req(`http://x.test/h?code=${CODE}`, { forwarded: "for=1.2.3.4;proto=https" });
    await expect(
      verifySharedSecret(standard, { code: CODE, trustProxy: true }, "@t"),
    ).resolves.toBeUndefined();
    const plainProxy = req(`https://x.test/h?code=${CODE}`, { "x-forwarded-proto": "http" });
    await expect(verifyCodeQuery(plainProxy, { code: CODE, trustProxy: true }, "@t")).rejects.toMatchObject({
      code: "HTTPS_REQUIRED",
    });
    expect(() => assertSharedSecret({ code: CODE, allowHttp: true }, "@t")).not.toThrow();
  });

  it("refuses a code outside 32–128 characters when the receiver is created", async () => {
    const { assertSharedSecret, assertCodeOption } = await import("./code-query.js");
    for (const code of ["short", "x".repeat(129), [CODE, "y".repeat(31)]]) {
      let caught: unknown;
      try {
        assertSharedSecret({ code }, "@t");
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: "CONFIGURATION_INVALID" });
      expect((caught as Error).message).toMatch(/between 32 and 128 characters, got \d+/);
    }
    expect(() => assertCodeOption("z".repeat(128), "@t")).not.toThrow();
    expect(() => assertCodeOption(() => "short", "@t")).not.toThrow(); // a function is checked per request
  });

  it("decodes Basic credentials as UTF-8, so a non-ASCII password matches", () => {
    const password = "pässwörd-ß-✓";
    const encoded = Buffer.from(`user:${password}`, "utf8").toString("base64");
    const request = req("https://x.test/h", { authorization: `Basic ${encoded}` });
    expect(() => verifyBasicAuth(request, [{ username: "user", password }], "@t")).not.toThrow();
    expect(() => verifyBasicAuth(request, [{ username: "user", password: "passwoerd" }], "@t")).toThrow(
      /Basic authentication failed/,
    );
    const latin1 = req("https://x.test/h", { authorization: `Basic ${btoa("user:p\u00e4ss")}` });
    expect(() => verifyBasicAuth(latin1, [{ username: "user", password: "päss" }], "@t")).toThrow(
      /Basic authentication failed/,
    );
  });

  it("accepts a rotation list with an unset entry, and names an empty entry", async () => {
    const { assertSecretOption } = await import("./secrets.js");
    const previous = process.env.HOOKWIRE_TEST_UNSET_SECRET; // unset, as in the README's rotation example
    expect(() => assertSecretOption(["current", previous!], "@t")).not.toThrow();
    expect(() => assertSecretOption(["current", ""], "@t")).toThrow(/secret\[1\] is an empty string/);
    expect(() => assertSecretOption([undefined!, undefined!], "@t")).toThrow(/missing or empty/);
    expect(() => assertSecretOption(["a", 5 as never], "@t", "code")).toThrow(
      /code\[1\] is not a string \(number\)/,
    );
  });
});

describe("code-query — cases found by mutation testing", () => {
  const message = async (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: { message: string }) => e.message,
    );

  it("reads the client's scheme: the first forwarded value in any case, Forwarded's proto, or the URL's", async () => {
    const { assertHttps } = await import("./code-query.js");
    const https = (url: string, headers: Record<string, string>, trustProxy?: boolean) => {
      try {
        assertHttps(req(url, headers), trustProxy === undefined ? {} : { trustProxy }, "@t");
        return true;
      } catch {
        return false;
      }
    };
    expect(https("http://x/h", { "x-forwarded-proto": " HTTPS , http" }, true)).toBe(true);
    expect(https("https://x/h", { "x-forwarded-proto": "http, https" }, true)).toBe(false);
    expect(https("http://x/h", { forwarded: 'for=1.2.3.4; proto="HTTPS"' }, true)).toBe(true);
    expect(https("http://x/h", { forwarded: "proto=https" }, true)).toBe(true);
    expect(https("http://x/h", { forwarded: "for=1.2.3.4;xproto=https" }, true)).toBe(false);
    expect(https("https://x/h", { forwarded: "for=1.2.3.4;proto=http" }, true)).toBe(false);
    // without trustProxy the headers say nothing
    expect(https("http://x/h", { "x-forwarded-proto": "https", forwarded: "proto=https" })).toBe(false);
    expect(https("https://x/h", { "x-forwarded-proto": "http" })).toBe(true);
    expect(https("HTTPS://x/h", {})).toBe(true);
    expect(https("/relative", {})).toBe(false);
    expect(https("http://x/h", {}, true)).toBe(false);
  });

  it("names the parameter it reads, missing or not matching, and takes any listed code", async () => {
    await expect(
      verifyCodeQuery(
        req(`https://x/h?key=${CODE}`),
        { code: ["b".repeat(32), CODE], parameter: "key" },
        "@t",
      ),
    ).resolves.toBeUndefined();
    expect(
      await message(verifyCodeQuery(req(`https://x/h?code=${CODE}`), { code: CODE, parameter: "key" }, "@t")),
    ).toBe("[@t] The 'key' query parameter is missing.");
    expect(
      await message(verifyCodeQuery(req(`https://x/h?code=${"b".repeat(32)}`), { code: CODE }, "@t")),
    ).toBe("[@t] The 'code' query parameter does not match.");
    expect(
      await message(verifyCodeQuery(req(`https://x/h?code=${CODE}`), { code: "c".repeat(129) }, "@t")),
    ).toBe(
      "[@t] The code secret must be between 32 and 128 characters, got 129. Generate one with `openssl rand -hex 32`.",
    );
    await expect(
      verifyCodeQuery(req(`https://x/h?code=${"c".repeat(128)}`), { code: "c".repeat(128) }, "@t"),
    ).resolves.toBeUndefined();
  });

  it("checks Basic credentials against any listed pair, with its own messages", () => {
    const basic = (pair: string) => req("https://x/h", { authorization: `Basic ${btoa(pair)}` });
    const pairs = [
      { username: "u", password: "p" },
      { username: "v", password: "q" },
    ];
    expect(() => verifyBasicAuth(basic("v:q"), pairs, "@t")).not.toThrow();
    expect(() => verifyBasicAuth(basic("u:q"), pairs, "@t")).toThrow("[@t] Basic authentication failed.");
    expect(() => verifyBasicAuth(req("https://x/h", { authorization: "Bearer x" }), pairs, "@t")).toThrow(
      "[@t] Basic authentication credentials are missing.",
    );
    expect(() => verifyBasicAuth(req("https://x/h", { authorization: "basic %%%" }), pairs, "@t")).toThrow(
      "[@t] The Authorization header is malformed.",
    );
  });

  it("requires both Basic credentials and the code when both are configured", async () => {
    const { verifySharedSecret, assertSharedSecret } = await import("./code-query.js");
    const options = { code: CODE, basicAuth: { username: "u", password: "p" } };
    const auth = { authorization: `Basic ${btoa("u:p")}` };
    await expect(
      verifySharedSecret(req(`https://x/h?code=${CODE}`, auth), options, "@t"),
    ).resolves.toBeUndefined();
    expect(await message(verifySharedSecret(req(`https://x/h?code=${CODE}`), options, "@t"))).toMatch(
      /credentials are missing/,
    );
    expect(await message(verifySharedSecret(req("https://x/h", auth), options, "@t"))).toMatch(
      /'code' query parameter is missing/,
    );
    expect(() => assertSharedSecret({}, "@t")).toThrow(
      '[@t] Configure a secret: { code: "<32–128 characters>" } (and put ?code=<it> in the webhook URL), or { basicAuth: { username, password } }.',
    );
    expect(() => assertSharedSecret({ basicAuth: [] }, "@t")).not.toThrow();
  });

  it("checks named header and query secrets: each required, each named in its refusal", async () => {
    const { verifyNamedSecrets } = await import("./code-query.js");
    await expect(verifyNamedSecrets(req("http://x/h"), undefined, "query", "@t")).resolves.toBeUndefined();
    const headers = { "x-key": ["old", "new"], "x-team": "t" };
    await expect(
      verifyNamedSecrets(req("https://x/h", { "x-key": "new", "x-team": "t" }), headers, "header", "@t"),
    ).resolves.toBeUndefined();
    expect(
      await message(verifyNamedSecrets(req("https://x/h", { "x-key": "new" }), headers, "header", "@t")),
    ).toBe("[@t] The x-team header is missing.");
    expect(
      await message(
        verifyNamedSecrets(req("https://x/h", { "x-key": "", "x-team": "t" }), headers, "header", "@t"),
      ),
    ).toBe("[@t] The x-key header is missing.");
    expect(
      await message(
        verifyNamedSecrets(req("https://x/h", { "x-key": "bad", "x-team": "t" }), headers, "header", "@t"),
      ),
    ).toBe("[@t] The x-key header does not match.");
    const query = { key: async () => "k" };
    await expect(verifyNamedSecrets(req("https://x/h?key=k"), query, "query", "@t")).resolves.toBeUndefined();
    expect(await message(verifyNamedSecrets(req("https://x/h?key=j"), query, "query", "@t"))).toBe(
      "[@t] The 'key' query parameter does not match.",
    );
    expect(await message(verifyNamedSecrets(req("https://x/h"), query, "query", "@t"))).toBe(
      "[@t] The 'key' query parameter is missing.",
    );
    // the query secret travels in the URL: https rules as for code
    expect(await message(verifyNamedSecrets(req("http://x/h?key=k"), query, "query", "@t"))).toMatch(
      /plain http/,
    );
    await expect(
      verifyNamedSecrets(req("http://x/h?key=k"), query, "query", "@t", { allowHttp: true }),
    ).resolves.toBeUndefined();
    // a header is not read from the query, nor the reverse
    expect(
      await message(verifyNamedSecrets(req("https://x/h?x-team=t"), { "x-team": "t" }, "header", "@t")),
    ).toMatch(/missing/);
    expect(await message(verifyNamedSecrets(req("https://x/h", { key: "k" }), query, "query", "@t"))).toMatch(
      /missing/,
    );
    expect(
      await message(verifyNamedSecrets(req("https://x/h"), { "x-a": async () => undefined }, "header", "@t")),
    ).toMatch(/No header "x-a" is configured/);
  });

  it("refuses empty maps, blank names and empty values of named secrets at creation", async () => {
    const { assertNamedSecrets } = await import("./code-query.js");
    expect(() => assertNamedSecrets(undefined, "header", "@t")).not.toThrow();
    expect(() =>
      assertNamedSecrets({ "x-a": "v", "x-b": ["1", "2"], "x-c": () => undefined }, "header", "@t"),
    ).not.toThrow();
    for (const secrets of [{}, { " ": "v" }, { "x-a": "v", "": "w" }] as Record<string, string>[]) {
      expect(() => assertNamedSecrets(secrets, "header", "@t")).toThrow(
        '[@t] The header option needs at least one non-empty name. Pass { header: { "x-api-key": process.env.… } }.',
      );
    }
    for (const value of ["", [], ["a", ""], ["a", 1]] as unknown as string[]) {
      expect(() => assertNamedSecrets({ "x-a": value }, "query", "@t")).toThrow(
        '[@t] The query value for "x-a" is empty. Pass a non-empty string, a list for rotation, or a function of the request.',
      );
    }
  });
});

describe("code-query — survivors of its mutation run", () => {
  it("reads Basic only at the start of the header, with coded refusals", () => {
    const pairs = [{ username: "u", password: "p" }];
    const codeOfCall = (headers: Record<string, string>) => {
      try {
        verifyBasicAuth(req("https://x/h", headers), pairs, "@t");
        return "OK";
      } catch (error) {
        return (error as { code: string }).code;
      }
    };
    expect(codeOfCall({ authorization: `NotBasic ${btoa("u:p")}` })).toBe("SIGNATURE_MISSING");
    expect(codeOfCall({ authorization: "Basic %%%" })).toBe("SIGNATURE_INVALID");
    expect(codeOfCall({ authorization: `Basic ${btoa("u:x")}` })).toBe("SIGNATURE_INVALID");
    expect(codeOfCall({ authorization: `Basic ${btoa("u:p")}` })).toBe("OK");
  });

  it("checks only Basic credentials when no code is configured", async () => {
    const { verifySharedSecret } = await import("./code-query.js");
    const options = { basicAuth: { username: "u", password: "p" } };
    await expect(
      verifySharedSecret(req("https://x/h", { authorization: `Basic ${btoa("u:p")}` }), options, "@t"),
    ).resolves.toBeUndefined();
  });

  it("gives named-secret refusals their codes", async () => {
    const { verifyNamedSecrets, assertNamedSecrets } = await import("./code-query.js");
    await expect(
      verifyNamedSecrets(req("https://x/h"), { "x-a": "v" }, "header", "@t"),
    ).rejects.toMatchObject({
      code: "SIGNATURE_MISSING",
    });
    await expect(
      verifyNamedSecrets(req("https://x/h", { "x-a": "w" }), { "x-a": "v" }, "header", "@t"),
    ).rejects.toMatchObject({
      code: "SIGNATURE_INVALID",
    });
    expect(() => assertNamedSecrets({}, "header", "@t")).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
    expect(() => assertNamedSecrets({ "x-a": "" }, "header", "@t")).toThrow(
      expect.objectContaining({ code: "CONFIGURATION_INVALID" }),
    );
  });
});

describe("code-query — survivors of the second core run", () => {
  const codeOf = async (run: () => unknown) => {
    try {
      await run();
      return "OK";
    } catch (error) {
      return (error as { code?: string }).code ?? `not a WebhookError: ${String(error)}`;
    }
  };

  it("names the code option when a lookup finds none", async () => {
    await expect(
      verifyCodeQuery(req(`https://x/h?code=${CODE}`), { code: () => undefined }, "@t"),
    ).rejects.toThrow(/^\[@t\] No code is configured for this request\. Pass \{ code: "…" \}/);
  });

  it("behind a trusted proxy without a forwarded scheme, reads the URL's", async () => {
    const { assertHttps } = await import("./code-query.js");
    const ok = (url: string, headers: Record<string, string>) =>
      codeOf(() => assertHttps(req(url, headers), { trustProxy: true }, "@t"));
    expect(await ok("https://x/h", {})).toBe("OK");
    expect(await ok("http://x/h", {})).toBe("HTTPS_REQUIRED");
    // a Forwarded header without proto= says nothing about the scheme
    expect(await ok("https://x/h", { forwarded: "for=192.0.2.60;by=203.0.113.43" })).toBe("OK");
    expect(await ok("http://x/h", { forwarded: "for=192.0.2.60;by=203.0.113.43" })).toBe("HTTPS_REQUIRED");
  });

  it("takes a URL without a scheme for plain http, even one that begins with https", async () => {
    const { assertHttps } = await import("./code-query.js");
    expect(await codeOf(() => assertHttps(req("https/"), {}, "@t"))).toBe("HTTPS_REQUIRED");
    expect(await codeOf(() => assertHttps(req("/https"), {}, "@t"))).toBe("HTTPS_REQUIRED");
  });

  it("refuses missing shared-secret options with a coded error, and names the code option", async () => {
    const { assertSharedSecret, assertCodeOption } = await import("./code-query.js");
    expect(await codeOf(() => assertSharedSecret(undefined, "@t"))).toBe("CONFIGURATION_INVALID");
    expect(await codeOf(() => assertSharedSecret({}, "@t"))).toBe("CONFIGURATION_INVALID");
    expect(() => assertCodeOption("", "@t")).toThrow(
      /^\[@t\] The code option is missing or empty\. Pass \{ code:/,
    );
    // an unset entry of a rotation list (an environment variable not set) is skipped, not measured
    expect(await codeOf(() => assertCodeOption([undefined, CODE] as unknown as string[], "@t"))).toBe("OK");
    expect(await codeOf(() => assertCodeOption([null, CODE] as unknown as string[], "@t"))).toBe("OK");
  });

  it("refuses named query secrets over plain http before looking any up; header secrets need no https", async () => {
    const { verifyNamedSecrets } = await import("./code-query.js");
    const lookup = vi.fn(() => "v");
    expect(
      await codeOf(() => verifyNamedSecrets(req("http://x/h?token=v"), { token: lookup }, "query", "@t")),
    ).toBe("HTTPS_REQUIRED");
    expect(lookup).not.toHaveBeenCalled();
    expect(
      await codeOf(() => verifyNamedSecrets(req("https://x/h?token=v"), { token: lookup }, "query", "@t")),
    ).toBe("OK");
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(
      await codeOf(() =>
        verifyNamedSecrets(req("http://x/h", { "x-token": "v" }), { "x-token": "v" }, "header", "@t"),
      ),
    ).toBe("OK");
  });

  it("refuses a missing prefixed header as missing", async () => {
    const { sharedSecretScheme } = await import("./code-query.js");
    const scheme = sharedSecretScheme({
      packageName: "@t",
      transport: { kind: "header", header: "authorization", prefix: "Bearer " },
    });
    expect(await codeOf(() => scheme.verify(req("https://x/h"), ["tok"]))).toBe("SIGNATURE_MISSING");
    expect(await scheme.verify(req("https://x/h", { authorization: "bearer tok" }), ["tok"])).toBe(0);
    const plain = sharedSecretScheme({ packageName: "@t", transport: { kind: "header", header: "x-token" } });
    expect(await codeOf(() => plain.verify(req("https://x/h"), ["tok"]))).toBe("SIGNATURE_MISSING");
  });

  it("refuses a request URL that does not parse as a missing code, not with a TypeError", async () => {
    const { sharedSecretScheme } = await import("./code-query.js");
    const scheme = sharedSecretScheme({ packageName: "@t", transport: { kind: "query" } });
    expect(await codeOf(() => scheme.verify(req("https://[x/h?code=a"), [CODE]))).toBe("SIGNATURE_MISSING");
  });
});
