/**
 * Step 0 of the gate against forged and misused access tokens (issue 19,
 * RFC 8725), end to end: the app's real Better Auth (its jwt plugin, its keys
 * in Postgres, GET /api/auth/jwks) and the real gate, driven by GateHarness.
 * Attack tokens that need the server's own key are signed with it (decrypted
 * from the jwks table with the secret, as the plugin does), so each refusal
 * is down to the one claim or header that is wrong, never to a bad signature;
 * a control token signed the same way passes. Every refusal also carries a
 * valid session cookie: a bad token is never rescued by the cookie.
 */
import { symmetricDecrypt } from "better-auth/crypto";
import {
  base64url,
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LEEWAY_SECONDS } from "@/lib/gate/access-token";
import { ACCESS_TOKEN_MAX_LIFETIME_SECONDS } from "@/lib/shared/auth/access-token";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_BASE_URL, TEST_SECRET } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { GateHarness, passed } from "../support/gate-harness";

const ROUTE = "/api/v1/me";
const AUDIENCE = `${TEST_BASE_URL}/api`;
const JWKS_URL = `${TEST_BASE_URL}/api/auth/jwks`;

let db: TestDatabase;
let t: TestAuth;
let harness: GateHarness;
let cookie: string;
let token: string; // a real one, from GET /api/auth/token
let userId: string;
let kid: string; // the server's signing key
let served: JWK; // that key as GET /api/auth/jwks serves it
let serverKey: CryptoKey; // its private half, as the plugin decrypts it
let attacker: Awaited<ReturnType<typeof generateKeyPair>>;

const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  vi.stubEnv("BETTER_AUTH_SECRET", TEST_SECRET);
  vi.stubEnv("BETTER_AUTH_URL", TEST_BASE_URL);
  db = await createTestDatabase();
  t = createTestAuth(db.url);
  harness = new GateHarness(t);
  cookie = await t.signUp("attacked@example.com");
  token = ((await (await t.request("/token", { cookie })).json()) as { token: string }).token;
  userId = decodeJwt(token).sub!;
  kid = decodeProtectedHeader(token).kid!;
  served = ((await (await t.request("/jwks")).json()) as { keys: JWK[] }).keys.find((key) => key.kid === kid)!;
  const [row] = await db.query<{ private_key: string }>(`select private_key from jwks where id = $1`, [kid]);
  const privateJwk = await symmetricDecrypt({ key: TEST_SECRET, data: JSON.parse(row!.private_key) });
  serverKey = (await importJWK(JSON.parse(privateJwk), "EdDSA")) as CryptoKey;
  attacker = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  // The gate's key set is warm from here on: refusals below cost no fetch unless a test says so.
  expect(passed((await harness.run(ROUTE, { headers: { authorization: `Bearer ${token}` } })).response)).toBe(true);
}, 60_000);
afterAll(() => vi.unstubAllEnvs());

/** The claims /token signs, for this user, now; `undefined` values drop a claim. */
function claims(overrides: JWTPayload = {}): JWTPayload {
  const base: JWTPayload = {
    email: "attacked@example.com",
    role: "user",
    sid: "s",
    org: null,
    iat: now(),
    exp: now() + 300,
    iss: TEST_BASE_URL,
    aud: AUDIENCE,
    sub: userId,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(base).filter(([, value]) => value !== undefined));
}

/** Signed with the server's own key under its kid, unless the header or key says otherwise. */
function signed(
  overrides: JWTPayload = {},
  header: Record<string, unknown> = {},
  key: CryptoKey | Uint8Array = serverKey,
): Promise<string> {
  return new SignJWT(claims(overrides))
    .setProtectedHeader({ alg: "EdDSA", kid, ...header } as { alg: string })
    .sign(key);
}

const part = (value: unknown) => base64url.encode(JSON.stringify(value));

async function gateWith(authorization: string, withCookie = true) {
  return harness.run(ROUTE, { cookie: withCookie ? cookie : undefined, headers: { authorization } });
}

async function expectAdmitted(value: string) {
  const { response, step } = await gateWith(`Bearer ${value}`, false);
  expect([passed(response), step]).toEqual([true, "token"]);
}

/** 401 invalid_token from step 0 (RFC 6750), with a valid session cookie on the request. */
async function expectRefused(value: string) {
  const { response, step } = await gateWith(`Bearer ${value}`);
  expect([response.status, step, passed(response)]).toEqual([401, "token", false]);
  expect(response.headers.get("www-authenticate")).toBe('Bearer realm="edgegate", error="invalid_token"');
  expect(await response.json()).toEqual({ error: "invalid_token" });
}

describe("control", () => {
  it("admits a token signed here with the server's key and /token's claims (the attacks below differ in one thing)", async () => {
    await expectAdmitted(await signed());
    await expectAdmitted(token);
  });
});

describe("forged", () => {
  it("refuses a real token with one bit of its signature flipped, or with its payload edited", async () => {
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const bits = base64url.decode(signature);
    bits[10]! ^= 0x01;
    await expectRefused(`${header}.${payload}.${base64url.encode(bits)}`);
    const promoted = part({ ...decodeJwt(token), role: "admin" });
    await expectRefused(`${header}.${promoted}.${signature}`);
  });

  it("refuses a token signed by another Ed25519 key under the server's kid", async () => {
    await expectRefused(await signed({}, {}, attacker.privateKey));
  });
});

describe(`times, with ${LEEWAY_SECONDS} s of leeway`, () => {
  it(`admits a token that expired 3 s ago (within the ${LEEWAY_SECONDS} s leeway), refuses one 6 s past its exp`, async () => {
    await expectAdmitted(await signed({ iat: now() - 300, exp: now() - 3 }));
    await expectRefused(await signed({ iat: now() - 300, exp: now() - 6 }));
  });

  it(`admits nbf 3 s ahead (leeway), refuses nbf beyond the ${LEEWAY_SECONDS} s leeway`, async () => {
    await expectAdmitted(await signed({ nbf: now() + 3 }));
    // 8 s, not 6: a second passing during the request must not bring it within the leeway.
    await expectRefused(await signed({ nbf: now() + 8 }));
  });

  it("refuses iat in the future beyond the leeway, and iat older than the longest lifetime the server issues", async () => {
    await expectAdmitted(await signed({ iat: now() + 3 }));
    await expectRefused(await signed({ iat: now() + 8 }));
    const limit = ACCESS_TOKEN_MAX_LIFETIME_SECONDS;
    await expectAdmitted(await signed({ iat: now() - limit - LEEWAY_SECONDS + 2, exp: now() + 60 }));
    await expectRefused(await signed({ iat: now() - limit - LEEWAY_SECONDS - 1, exp: now() + 60 }));
  });

  it("refuses a token without exp or without iat (one that would never expire)", async () => {
    await expectRefused(await signed({ exp: undefined }));
    await expectRefused(await signed({ iat: undefined }));
    await expectRefused(await signed({ sub: undefined }));
  });
});

describe("issuer and audience", () => {
  it("refuses another issuer, a look-alike of this one, and none", async () => {
    for (const iss of ["https://evil.example", `${TEST_BASE_URL}/`, "http://localhost:3001", undefined])
      await expectRefused(await signed({ iss }));
  });

  it("refuses JWTs signed with the same key for other audiences", async () => {
    // The plugin's default audience (the bare base URL): any other JWT it signs for the app.
    await expectRefused(await signed({ aud: TEST_BASE_URL }));
    // An ID token-like JWT: the audience is a client id.
    await expectRefused(await signed({ aud: "mobile-client", azp: "mobile-client", nonce: "n" }));
    await expectRefused(await signed({ aud: `${AUDIENCE}/` }));
    await expectRefused(await signed({ aud: undefined }));
    // Better Auth's signed session cache as the jwt plugin would make it (jwt cookie-cache strategy):
    // its own type, audience and subject, signed with the same key.
    await expectRefused(
      await signed(
        { aud: "better-auth:session-cache", sid: "session-token", session: { token: "session-token" } },
        { typ: "better-auth.session-cache+jwt" },
      ),
    );
    // Only its type differs: still refused (the type is checked, not only the audience).
    await expectRefused(await signed({}, { typ: "better-auth.session-cache+jwt" }));
  });
});

describe("the algorithm comes from the key, never from the token", () => {
  it('refuses alg "none" (any spelling) under the server\'s kid', async () => {
    const [, payload] = (await signed()).split(".");
    for (const alg of ["none", "None", "NONE"]) {
      await expectRefused(`${part({ alg, kid })}.${payload}.`);
      await expectRefused(`${part({ alg, kid, typ: "JWT" })}.${payload}.`);
    }
  });

  it("refuses HS256/HS512 keyed with the public key: its x bytes, its x text, its JWKS JSON, its stored JSON", async () => {
    const [row] = await db.query<{ public_key: string }>(`select public_key from jwks where id = $1`, [kid]);
    const secrets = [
      base64url.decode(served.x!),
      new TextEncoder().encode(served.x!),
      new TextEncoder().encode(JSON.stringify(served)),
      new TextEncoder().encode(row!.public_key),
    ];
    for (const secret of secrets)
      for (const alg of ["HS256", "HS512"]) await expectRefused(await signed({}, { alg }, secret));
  });

  it("refuses an ES256 header on the EdDSA kid, signed with a P-256 key", async () => {
    const p256 = await generateKeyPair("ES256");
    await expectRefused(await signed({}, { alg: "ES256" }, p256.privateKey));
  });
});

describe("the key comes only from the JWKS, by kid", () => {
  it("refuses an unknown kid and the kid of another key set, and a missing or malformed kid", async () => {
    const other = await exportJWK(attacker.publicKey);
    const thumbprint = await calculateJwkThumbprint(other);
    await expectRefused(await signed({}, { kid: "no-such-key" }, attacker.privateKey));
    await expectRefused(await signed({}, { kid: thumbprint }, attacker.privateKey));
    await expectRefused(await signed({}, { kid: undefined }));
    for (const bad of ["../jwks", "../../api/auth/jwks", `${kid}/../${kid}`, `${kid} `, 42, [kid], { kid }])
      await expectRefused(await signed({}, { kid: bad }));
  });

  it("never fetches jku, x5u or an embedded jwk, and never trusts them", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const before = harness.calls.length;
    const evil = await exportJWK(attacker.publicKey);
    const elsewhere = { jku: "https://evil.example/jwks.json", x5u: "https://evil.example/cert.pem" };
    await expectRefused(await signed({}, { ...elsewhere, kid: "evil-key" }, attacker.privateKey));
    await expectRefused(await signed({}, elsewhere, attacker.privateKey));
    await expectRefused(await signed({}, { jwk: evil }, attacker.privateKey));
    await expectRefused(await signed({}, { jwk: evil, kid: undefined }, attacker.privateKey));
    await expectRefused(await signed({}, { x5c: ["MIIB"] }, attacker.privateKey));
    // The gate's only way out is its transport: at most the app's own JWKS (an unknown kid), never the named URLs.
    const urls = harness.calls.slice(before).map((call) => call.url);
    expect(urls.every((url) => url === JWKS_URL)).toBe(true);
    expect(urls.length).toBeLessThanOrEqual(1);
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });
});

describe("the header itself", () => {
  it("refuses a token over 4 KiB unread, though validly signed (and admits the same token under the limit)", async () => {
    const fits = await signed({ pad: "x".repeat(2_500) });
    expect(fits.length).toBeLessThan(4096);
    await expectAdmitted(fits);
    const oversized = await signed({ pad: "x".repeat(3_200) });
    expect(oversized.length).toBeGreaterThan(4096);
    await expectRefused(oversized);
    await expectRefused(`${token}${"A".repeat(64 * 1024)}`);
  });

  it("refuses garbage and other kinds of compact tokens", async () => {
    const [header, payload] = token.split(".") as [string, string];
    const jweLike = `${part({ alg: "dir", enc: "A256GCM", kid })}..AAAA.${payload}.AAAA`;
    for (const value of [
      "x",
      "a.b.c",
      "...",
      `${header}.${payload}`,
      `${header}.${payload}.`,
      `${part("not an object")}.${payload}.AAAA`,
      `${base64url.encode("{not json")}.${payload}.AAAA`,
      jweLike,
      `${token}.${payload}`,
      "eg_r_notakeyatallnotakeyatallnotakeyatall",
    ])
      await expectRefused(value);
  });

  it("is not taken where some reading of the path is a route without tokens, however the path is encoded", async () => {
    for (const path of [
      "/api/v1/..%2fadmin/users",
      "/api/v1%2f..%2fadmin%2fusers",
      "/api/v1/me/%2e%2e%2f%2e%2e%2fme",
    ]) {
      const { response, step } = await harness.run(path, { headers: { authorization: `Bearer ${token}` } });
      expect([path, response.status, step, passed(response)]).toEqual([path, 401, "token", false]);
    }
    // The same token where every reading takes tokens: admitted.
    expect(passed((await harness.run("/api//v1/me", { headers: { authorization: `Bearer ${token}` } })).response)).toBe(
      true,
    );
  });

  it("treats another scheme as no token: Basic, even carrying a valid JWT, is unauthenticated without a cookie", async () => {
    for (const authorization of ["Basic dXNlcjpwYXNz", `Basic ${token}`, `Token ${token}`]) {
      const { response, step } = await gateWith(authorization, false);
      // RFC 6750 §3.1: no credential of ours, so the challenge names no error.
      expect([response.status, step, response.headers.get("www-authenticate")]).toEqual([
        401,
        "cookie",
        'Bearer realm="edgegate"',
      ]);
      expect(await response.json()).toEqual({ error: "unauthenticated" });
    }
  });
});
