/**
 * Access tokens from Better Auth's jwt plugin as configured here
 * (lib/server/auth/access-tokens.ts), on a real instance and Postgres: what a
 * token says, who can get one, and that the published keys verify it.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestAuth, type TestAuth, withCookies } from "../support/auth-instance";
import { TEST_BASE_URL } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;
let t: TestAuth;
let n = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url);
}, 60_000);

async function tokenFor(cookie: string): Promise<string> {
  const response = await t.request("/token", { cookie });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function publishedKeys() {
  const response = await t.request("/jwks");
  expect(response.status).toBe(200);
  return (await response.json()) as { keys: Record<string, unknown>[] };
}

describe("GET /token", () => {
  it("signs exactly the listed claims with Ed25519, for the API's audience, for one cache window", async () => {
    const email = `token-${n++}@example.com`;
    const cookie = await t.signUp(email);
    const token = await tokenFor(cookie);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "EdDSA" });
    const { payload } = await jwtVerify(token, createLocalJWKSet(await publishedKeys()), {
      issuer: TEST_BASE_URL,
      audience: `${TEST_BASE_URL}/api`,
      algorithms: ["EdDSA"],
    });
    expect(Object.keys(payload).sort()).toEqual(["aud", "email", "exp", "iat", "iss", "org", "role", "sid", "sub"]);
    const [user] = (await db.query(`select id from "user" where email = $1`, [email])) as [{ id: string }];
    expect(payload).toMatchObject({ sub: user.id, email, role: "user", org: null });
    // SESSION_CACHE_MAX_AGE's default: cookies and tokens end within the same window.
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it("names the active organization and the role in it as the database has them", async () => {
    let cookie = await t.signUp(`token-${n++}@example.com`);
    const created = await t.request("/organization/create", { body: { name: "Tokens", slug: "token-org" }, cookie });
    cookie = withCookies(cookie, created);
    const { id } = (await created.json()) as { id: string };
    const { payload } = await jwtVerify(await tokenFor(cookie), createLocalJWKSet(await publishedKeys()));
    expect(payload.org).toEqual({ id, slug: "token-org", role: "owner" });
  });

  it("is refused without a session, and for a revoked one even while its signed cache is valid", async () => {
    expect((await t.request("/token")).status).toBe(401);
    const email = `token-${n++}@example.com`;
    const cookie = await t.signUp(email);
    await db.query(`delete from session where user_id = (select id from "user" where email = $1)`, [email]);
    expect((await t.request("/token", { cookie })).status).toBe(401);
  });

  it("is not handed out on every session check", async () => {
    const cookie = await t.signUp(`token-${n++}@example.com`);
    const response = await t.request("/get-session", { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-auth-jwt")).toBeNull();
  });
});

describe("GET /jwks", () => {
  it("publishes public keys only, and the private key is stored encrypted", async () => {
    const { keys } = await publishedKeys();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
      expect(key).not.toHaveProperty("d");
    }
    const rows = (await db.query(`select private_key from jwks`)) as { private_key: string }[];
    for (const row of rows) expect(row.private_key).not.toMatch(/"d"\s*:/);
  });
});
