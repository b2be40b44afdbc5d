/**
 * Step 0 of the gate: `Authorization: Bearer <access token>` on API routes,
 * against the app's real Better Auth (tokens from GET /api/auth/token, keys
 * from /api/auth/jwks, reached in-process through the gate's fetch seam).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_BASE_URL, TEST_SECRET } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { GateHarness, passed } from "../support/gate-harness";

let db: TestDatabase;
let t: TestAuth;
let harness: GateHarness;
let cookie: string;
let token: string;

beforeAll(async () => {
  vi.stubEnv("BETTER_AUTH_SECRET", TEST_SECRET);
  vi.stubEnv("BETTER_AUTH_URL", TEST_BASE_URL);
  db = await createTestDatabase();
  t = createTestAuth(db.url);
  harness = new GateHarness(t);
  cookie = await t.signUp("bearer@example.com");
  token = ((await (await t.request("/token", { cookie })).json()) as { token: string }).token;
}, 60_000);
afterAll(() => vi.unstubAllEnvs());

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

describe("step 0: an access token on an API route", () => {
  it("passes on the token alone, fetching the public keys once, then with no I/O", async () => {
    const first = await harness.run("/api/v1/me", { headers: bearer(token) });
    expect([passed(first.response), first.step]).toEqual([true, "token"]);
    expect(harness.calls.at(-1)?.url).toBe(`${TEST_BASE_URL}/api/auth/jwks`);
    for (let i = 0; i < 5; i++) {
      const again = await harness.run("/api/v1/me", { headers: bearer(token) });
      expect([passed(again.response), again.fallbackCalls]).toEqual([true, 0]);
    }
  });

  it("answers 401 invalid_token for a damaged token, and a valid cookie does not rescue it", async () => {
    const damaged = `${token.slice(0, -4)}AAAA`;
    const { response, step } = await harness.run("/api/v1/me", { cookie, headers: bearer(damaged) });
    expect([response.status, step]).toEqual([401, "token"]);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="edgegate", error="invalid_token"');
    expect(await response.json()).toEqual({ error: "invalid_token" });
  });

  it("judges a Bearer request to a cookie-only API by the token: 401, cookies ignored", async () => {
    const { response } = await harness.run("/api/me", { cookie, headers: bearer(token) });
    expect(response.status).toBe(401);
    // Without the Authorization header the same cookie passes.
    expect(passed((await harness.run("/api/me", { cookie })).response)).toBe(true);
  });

  it("ignores other schemes and pages: the cookie decides there", async () => {
    const basic = await harness.run("/api/v1/me", { cookie, headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect([passed(basic.response), basic.step]).toEqual([true, "cache"]);
    const page = await harness.run("/dashboard", { headers: bearer(token) });
    expect(page.response.status).toBe(307);
  });
});
