/**
 * Key rotation while clients hold old tokens, and the gate's key-set fetches
 * (issue 19), on the app's real Better Auth and the real gate. The jwt plugin
 * rotates by itself: its key expires after `rotationInterval` (30 days here,
 * lib/server/auth/access-tokens.ts), the next signing mints a new one, and
 * the expired key stays published for `gracePeriod` (2 days). The clock is
 * moved with fake Dates (the plugin, jose and the gate's JwksCache all read
 * Date.now), so the real intervals are tested, not shortened copies.
 */
import { symmetricDecrypt } from "better-auth/crypto";
import { decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { verifyAccessToken } from "@/lib/gate/access-token";
import { JwksCache } from "@/lib/gate/jwks";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_BASE_URL, TEST_SECRET } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { GateHarness, passed } from "../support/gate-harness";

const ROUTE = "/api/v1/me";
const AUDIENCE = `${TEST_BASE_URL}/api`;
const JWKS_URL = `${TEST_BASE_URL}/api/auth/jwks`;
const DAY = 24 * 60 * 60_000;
const ROTATION = 30 * DAY;
const GRACE = 2 * DAY;

let db: TestDatabase;
let t: TestAuth;
let harness: GateHarness;
let clock: number;
let firstKid: string;
let oldToken: string; // signed with the first key, shortly before it expires
let newToken: string; // signed with the key the plugin minted at rotation

/**
 * Moves the frozen clock to `ms`. Only Date is faked (timers and I/O run as usual), installed once:
 * the gate's JwksCache keeps the Date.now it was built with, so the fake is moved, never replaced.
 */
function at(ms: number) {
  clock = ms;
  vi.setSystemTime(ms);
}

const jwksFetches = () => harness.calls.filter((call) => call.url === JWKS_URL).length;
const publishedKids = async () =>
  ((await (await t.request("/jwks")).json()) as { keys: { kid: string }[] }).keys.map((key) => key.kid);

async function tokenFor(cookie: string): Promise<string> {
  const response = await t.request("/token", { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function gateAdmits(token: string): Promise<boolean> {
  const { response, step } = await harness.run(ROUTE, { headers: { authorization: `Bearer ${token}` } });
  expect(step).toBe("token");
  if (!passed(response)) expect([response.status, await response.json()]).toEqual([401, { error: "invalid_token" }]);
  return passed(response);
}

/** A new isolate's verifier: its own empty cache, the keys from GET /api/auth/jwks. */
async function freshVerifierAdmits(token: string): Promise<boolean> {
  const fetchJwks = async () => (await t.request("/jwks")).json();
  const check = { keys: new JwksCache(), fetchJwks, issuer: TEST_BASE_URL, audience: AUDIENCE };
  return (await verifyAccessToken(token, check)) !== null;
}

beforeAll(async () => {
  vi.stubEnv("BETTER_AUTH_SECRET", TEST_SECRET);
  vi.stubEnv("BETTER_AUTH_URL", TEST_BASE_URL);
  db = await createTestDatabase();
  t = createTestAuth(db.url);
  harness = new GateHarness(t);
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  clock = Date.now();
}, 60_000);
afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("rotation by the plugin's own schedule", () => {
  it("keeps old tokens valid through the grace period, and a new key costs a warm gate exactly one fetch", async () => {
    const start = clock;
    const first = await publishedKids(); // the first key, minted on first use
    expect(first).toHaveLength(1);
    firstKid = first[0]!;
    // A minute before the key's 30 days are up, a client signs in and takes a token.
    at(start + ROTATION - 60_000);
    const cookie = await t.signUp("rotation@example.com");
    oldToken = await tokenFor(cookie);
    expect(decodeProtectedHeader(oldToken).kid).toBe(firstKid);
    expect(await gateAdmits(oldToken)).toBe(true);
    expect(jwksFetches()).toBe(1);
    // The key expires; the next token is signed with a key minted for it; both are published.
    at(start + ROTATION + 1_000);
    newToken = await tokenFor(cookie);
    const newKid = decodeProtectedHeader(newToken).kid;
    expect(newKid).not.toBe(firstKid);
    expect((await publishedKids()).sort()).toEqual([firstKid, newKid].sort());
    // The warm gate (its last fetch 61 s ago) fetches once for the new kid, then never again.
    expect(await gateAdmits(newToken)).toBe(true);
    expect(jwksFetches()).toBe(2);
    for (let i = 0; i < 5; i++) {
      expect(await gateAdmits(newToken)).toBe(true);
      expect(await gateAdmits(oldToken)).toBe(true);
    }
    expect(jwksFetches()).toBe(2);
    // A new isolate sees both keys too: the client holding the old token notices nothing.
    expect(await freshVerifierAdmits(oldToken)).toBe(true);
    expect(await freshVerifierAdmits(newToken)).toBe(true);
  });

  it("stops publishing the old key after the grace period, and new tokens keep the new key", async () => {
    const created = clock - ROTATION - 1_000;
    at(created + ROTATION + GRACE - 60_000);
    expect(await publishedKids()).toContain(firstKid);
    at(created + ROTATION + GRACE + 1_000);
    const published = await publishedKids();
    expect(published).not.toContain(firstKid);
    expect(published).toEqual([decodeProtectedHeader(newToken).kid]);
  });
});

describe("fetches the gate makes for unknown key ids", () => {
  it("at most one per 10 seconds, however many made-up kids arrive, concurrent or not", async () => {
    const attacker = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    let n = 0;
    const spam = async (count: number) => {
      const tokens = await Promise.all(
        Array.from({ length: count }, () =>
          new SignJWT({ sub: "x", role: "admin" })
            .setProtectedHeader({ alg: "EdDSA", kid: `made-up-${n++}` })
            .setIssuer(TEST_BASE_URL)
            .setAudience(AUDIENCE)
            .setIssuedAt()
            .setExpirationTime("5m")
            .sign(attacker.privateKey),
        ),
      );
      const admitted = await Promise.all(tokens.map(gateAdmits));
      expect(admitted.every((ok) => !ok)).toBe(true);
    };
    const cookie = await t.signUp("spam@example.com");
    const valid = await tokenFor(cookie);
    const refreshed = jwksFetches() + 1;
    expect(await gateAdmits(valid)).toBe(true); // days since the last fetch: the cache is stale, one fetch
    expect(jwksFetches()).toBe(refreshed);
    const last = clock;
    // Within 10 seconds of that fetch: no fetch at all, sequential or concurrent.
    await spam(20);
    at(last + 9_000);
    await spam(20);
    expect(jwksFetches()).toBe(refreshed);
    // 10 seconds on: one fetch for 40 at once, then none for the next 10 seconds.
    at(last + 11_000);
    await spam(40);
    expect(jwksFetches()).toBe(refreshed + 1);
    at(last + 11_000 + 9_000);
    await spam(20);
    expect(jwksFetches()).toBe(refreshed + 1);
    // The real key was never evicted by the spam.
    expect(await gateAdmits(valid)).toBe(true);
    expect(jwksFetches()).toBe(refreshed + 1);
  });

  it("stops verifying with a key deleted from the server within the gate's 10-minute cache age, not later", async () => {
    const cookie = await t.signUp("withdrawn@example.com");
    at(clock + 10 * 60_000 + 1_000); // the gate's cache is stale: the next token costs one fetch, now
    const live = await tokenFor(cookie);
    const kid = decodeProtectedHeader(live).kid!;
    const [row] = await db.query<{ private_key: string }>(`select private_key from jwks where id = $1`, [kid]);
    const privateKey = await importJWK(
      JSON.parse(await symmetricDecrypt({ key: TEST_SECRET, data: JSON.parse(row!.private_key) })),
      "EdDSA",
    );
    const signedNow = () =>
      new SignJWT({ ...decodeJwt(live), iat: Math.floor(clock / 1000), exp: Math.floor(clock / 1000) + 300 })
        .setProtectedHeader({ alg: "EdDSA", kid })
        .sign(privateKey);
    const before = jwksFetches() + 1;
    expect(await gateAdmits(await signedNow())).toBe(true);
    expect(jwksFetches()).toBe(before);
    const fetchedAt = clock;
    await db.query(`delete from jwks where id = $1`, [kid]);
    // Until the cache is 10 minutes old the gate has no way to know (zero I/O on known keys).
    at(fetchedAt + 10 * 60_000 - 30_000);
    expect(await gateAdmits(await signedNow())).toBe(true);
    expect(jwksFetches()).toBe(before);
    at(fetchedAt + 10 * 60_000 + 1_000);
    expect(await gateAdmits(await signedNow())).toBe(false);
    expect(jwksFetches()).toBe(before + 1);
  });
});
