/**
 * Once a hole (found in review): a request whose Authorization
 * header uses the Bearer scheme but is not one well-formed token ("Bearer a b",
 * two headers folded into "Bearer a, Bearer b", a tab, an empty token) is
 * judged by the session cookie instead (lib/gate/access-token.ts bearerToken
 * answers undefined, lib/gate/decide.ts falls through to step 1; caller() too).
 * Issue 19: a request with Authorization is judged by it alone.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_BASE_URL, TEST_SECRET } from "../support/constants";
import { createTestDatabase } from "../support/database";
import { GateHarness, passed } from "../support/gate-harness";

let t: TestAuth;
let harness: GateHarness;
let cookie: string;
let token: string;

beforeAll(async () => {
  vi.stubEnv("BETTER_AUTH_SECRET", TEST_SECRET);
  vi.stubEnv("BETTER_AUTH_URL", TEST_BASE_URL);
  t = createTestAuth((await createTestDatabase()).url);
  harness = new GateHarness(t);
  cookie = await t.signUp("malformed@example.com");
  token = ((await (await t.request("/token", { cookie })).json()) as { token: string }).token;
}, 60_000);
afterAll(() => vi.unstubAllEnvs());

describe("a malformed Bearer header with a valid session cookie", () => {
  it("is 401 invalid_token, never judged by the cookie", async () => {
    for (const authorization of [
      `Bearer ${token} ${token}`,
      `Bearer ${token}, Bearer ${token}`,
      `Bearer\t${token}`,
      "Bearer ",
      "Bearer",
    ]) {
      const { response, step } = await harness.run("/api/v1/me", { cookie, headers: { authorization } });
      expect([authorization.slice(0, 12), passed(response), response.status, step]).toEqual([
        authorization.slice(0, 12),
        false,
        401,
        "token",
      ]);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="edgegate", error="invalid_token"');
    }
  });
});
