/**
 * How long an access token outlives what should end it (issue 19), on the
 * app's real Better Auth and the real gate: the gate verifies tokens with no
 * I/O, so a token issued before a ban, an account deletion, a revoked session
 * or a lowered role is accepted until it expires — the window is the token's
 * lifetime, min(SESSION_CACHE_MAX_AGE, 900 s), 300 s by default, plus the
 * gate's 5 s leeway — while GET /api/auth/token refuses a new one at once
 * (it reads the session row, never the signed cache the cookie still carries).
 * The clock is a fake Date, installed once (the gate's key cache keeps it).
 */
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { LEEWAY_SECONDS } from "@/lib/gate/access-token";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { CACHE, TEST_BASE_URL, TEST_PASSWORD, TEST_SECRET } from "../support/constants";
import { parseCookieHeader } from "../support/cookie-tools";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { GateHarness, passed } from "../support/gate-harness";

const ROUTE = "/api/v1/me";
const DEFAULT_LIFETIME = 300; // SESSION_CACHE_MAX_AGE's default

let db: TestDatabase;
let t: TestAuth;
let harness: GateHarness;
let admin: string;
let n = 0;

function at(seconds: number) {
  vi.setSystemTime(seconds * 1000);
}
const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  vi.stubEnv("BETTER_AUTH_SECRET", TEST_SECRET);
  vi.stubEnv("BETTER_AUTH_URL", TEST_BASE_URL);
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  db = await createTestDatabase();
  t = createTestAuth(db.url);
  harness = new GateHarness(t);
  await t.signUp("admin@example.com");
  await db.query(`update "user" set role = 'admin' where email = 'admin@example.com'`);
  admin = await t.signIn("admin@example.com");
}, 60_000);
afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

async function account(auth: TestAuth = t) {
  const email = `holder-${n++}@example.com`;
  const cookie = await auth.signUp(email);
  const [row] = await db.query<{ id: string }>(`select id from "user" where email = $1`, [email]);
  return { email, cookie, id: row!.id };
}

async function tokenFor(cookie: string, auth: TestAuth = t): Promise<string> {
  const response = await auth.request("/token", { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function gateAdmits(token: string): Promise<boolean> {
  const { response, step } = await harness.run(ROUTE, { headers: { authorization: `Bearer ${token}` } });
  expect(step).toBe("token");
  if (!passed(response)) {
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="edgegate", error="invalid_token"');
  }
  return passed(response);
}

/** Admitted up to its exp plus the leeway, refused after: returns the window in seconds from issue. */
async function expectAdmittedUntilExpiry(token: string): Promise<number> {
  const { iat, exp } = decodeJwt(token) as { iat: number; exp: number };
  expect(await gateAdmits(token)).toBe(true);
  at(exp + LEEWAY_SECONDS - 2);
  expect(await gateAdmits(token)).toBe(true);
  at(exp + LEEWAY_SECONDS + 1);
  expect(await gateAdmits(token)).toBe(false);
  return exp - iat;
}

/** A signed session cache that is valid on its face is still in the cookie: the attack on /token. */
function expectCacheInCookie(cookie: string) {
  expect(parseCookieHeader(cookie).get(CACHE)).toBeTruthy();
}

describe(`a token outlives a ban or a deletion by its lifetime (${DEFAULT_LIFETIME} s + ${LEEWAY_SECONDS} s leeway), no more`, () => {
  it("banned user: /token refuses at once; the gate accepts the earlier token until it expires", async () => {
    at(nowSeconds() + 1);
    const holder = await account();
    const token = await tokenFor(holder.cookie);
    const ban = await t.request("/admin/ban-user", { body: { userId: holder.id }, cookie: admin });
    expect(ban.status).toBe(200);
    expect(await db.query(`select banned from "user" where id = $1`, [holder.id])).toEqual([{ banned: true }]);
    expectCacheInCookie(holder.cookie);
    expect((await t.request("/token", { cookie: holder.cookie })).status).toBe(401);
    expect((await t.request("/sign-in/email", { body: { email: holder.email, password: TEST_PASSWORD } })).status).toBe(
      403,
    );
    expect(await expectAdmittedUntilExpiry(token)).toBe(DEFAULT_LIFETIME);
  });

  it("deleted user: /token refuses at once; the gate accepts the earlier token until it expires", async () => {
    at(nowSeconds() + 1);
    const holder = await account();
    const token = await tokenFor(holder.cookie);
    expect((await t.request("/delete-user", { body: { password: TEST_PASSWORD }, cookie: holder.cookie })).status).toBe(
      200,
    );
    expect(await db.query(`select id from "user" where id = $1`, [holder.id])).toEqual([]);
    expectCacheInCookie(holder.cookie);
    expect((await t.request("/token", { cookie: holder.cookie })).status).toBe(401);
    expect(await expectAdmittedUntilExpiry(token)).toBe(DEFAULT_LIFETIME);
  });
});

describe("a revoked session", () => {
  it("gets no new token at once, by sign-out or from another device, though its cookie's signed cache is valid", async () => {
    at(nowSeconds() + 1);
    const holder = await account();
    const other = await t.signIn(holder.email);
    const token = await tokenFor(holder.cookie);
    expect((await t.request("/revoke-other-sessions", { body: {}, cookie: other })).status).toBe(200);
    expectCacheInCookie(holder.cookie);
    expect((await t.request("/token", { cookie: holder.cookie })).status).toBe(401);
    // Signing out ends the other one just as fast.
    expect((await t.request("/sign-out", { body: {}, cookie: other })).status).toBe(200);
    expect((await t.request("/token", { cookie: other })).status).toBe(401);
    // The token it held before lives on to its expiry: a token stands for its session only by its claims.
    expect(await expectAdmittedUntilExpiry(token)).toBe(DEFAULT_LIFETIME);
  });
});

describe("a lowered role", () => {
  it("is in the next token at once (read from the database, not the cookie's cache); the earlier one keeps the old role until it expires", async () => {
    at(nowSeconds() + 1);
    const holder = await account();
    await db.query(`update "user" set role = 'admin' where id = $1`, [holder.id]);
    const cookie = await t.signIn(holder.email);
    const before = await tokenFor(cookie);
    expect(decodeJwt(before).role).toBe("admin");
    await db.query(`update "user" set role = 'user' where id = $1`, [holder.id]);
    expectCacheInCookie(cookie); // still says admin, validly signed
    expect(decodeJwt(await tokenFor(cookie)).role).toBe("user");
    expect(decodeJwt(before).role).toBe("admin");
    expect(await expectAdmittedUntilExpiry(before)).toBe(DEFAULT_LIFETIME);
  });
});

describe("the window follows SESSION_CACHE_MAX_AGE, at most 15 minutes", () => {
  it("is 60 s with a 60 s cache, and 900 s with an hour's", async () => {
    at(nowSeconds() + 1);
    const short = createTestAuth(db.url, { SESSION_CACHE_MAX_AGE: "60" });
    const holder = await account(short);
    expect(await expectAdmittedUntilExpiry(await tokenFor(holder.cookie, short))).toBe(60);
    at(nowSeconds() + 1);
    const long = createTestAuth(db.url, { SESSION_CACHE_MAX_AGE: "3600" });
    const other = await account(long);
    expect(await expectAdmittedUntilExpiry(await tokenFor(other.cookie, long))).toBe(900);
  });
});
