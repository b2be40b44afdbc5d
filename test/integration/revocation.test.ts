/**
 * Revocation holds on every Better Auth endpoint: a session revoked (or
 * expired) in the database is refused by each endpoint that needs a session,
 * even while its signed cache cookie is still valid, and no endpoint signs a
 * new cache or token for it. The endpoints come from the configured instance
 * itself, so a plugin added later is covered without editing this file.
 */

import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN_DISABLED_PATHS } from "@/lib/server/auth/admin-guard";
import { REAUTH_ENDPOINTS } from "@/lib/shared/auth/reauthentication";
import { cookiesFrom, createTestAuth, type TestAuth } from "../support/auth-instance";
import { CACHE, TOKEN } from "../support/constants";
import { decodeCache, parseCookieHeader } from "../support/cookie-tools";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { type EndpointRequest, endpointRequests } from "../support/endpoint-requests";

let db: TestDatabase;
let t: TestAuth;
let live: string;
let revoked: string;
let expired: string;

const tokenOf = (cookie: string) => decodeURIComponent(parseCookieHeader(cookie).get(TOKEN)!).split(".")[0]!;

function send(request: EndpointRequest, cookie?: string): Promise<Response> {
  const query = request.query?.size ? `?${request.query}` : "";
  return t.request(`${request.path}${query}`, { method: request.method, body: request.body, cookie });
}

/**
 * The cookies the response sets that carry the same session as `cookie`: a
 * token cookie with its token, or a signed cache of it. (Sign-up and sign-in
 * may start a new session of their own; that is not this one coming back.)
 */
function minted(response: Response, cookie: string): string[] {
  const token = tokenOf(cookie);
  const set = parseCookieHeader(cookiesFrom(response));
  const found: string[] = [];
  if (set.has(TOKEN) && tokenOf(cookiesFrom(response)) === token) found.push(TOKEN);
  if (set.has(CACHE) && decodeCache(set.get(CACHE)!).session.session.token === token) found.push(CACHE);
  return found;
}

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url);
  await t.signUp("owner@example.com", "Owner");
  await db.query(`update "user" set role = 'admin' where email = 'owner@example.com'`);
  live = await t.signIn("owner@example.com");
  revoked = await t.signIn("owner@example.com");
  expect((await t.request("/revoke-other-sessions", { body: {}, cookie: live })).status).toBe(200);
  expired = await t.signIn("owner@example.com");
  await db.query(`update session set expires_at = now() - interval '1 minute' where token = $1`, [tokenOf(expired)]);
  // Both still carry a signed cache that is valid on its face: that is the attack.
  for (const cookie of [revoked, expired]) expect(parseCookieHeader(cookie).get(CACHE)).toBeTruthy();
}, 60_000);

describe("a revoked or expired session with a valid signed cache", () => {
  it("gets 401 from every endpoint that needs a session, and no endpoint mints it a cookie", async () => {
    const requests = endpointRequests(t.auth.api);
    const needSession: string[] = [];
    let n = 0;
    for (const request of requests) {
      for (const [label, cookie] of [
        ["revoked", revoked],
        ["expired", expired],
      ] as const) {
        expect(minted(await send(request, cookie), cookie), `${request.method} ${request.path} (${label})`).toEqual([]);
      }
      if ((await send(request)).status !== 401) continue;
      // Refused without a session: is it the session it wants? A live one (a fresh admin each
      // time, as some of these calls end sessions or change the account) must get past the check.
      const email = `live-${n++}@example.com`;
      const cookie = await t.signUp(email, "Owner");
      await db.query(`update "user" set role = 'admin' where email = $1`, [email]);
      if ((await send(request, cookie)).status === 401) continue; // refused for another reason (a bad probe token)
      needSession.push(request.path);
      for (const [label, cookie] of [
        ["revoked", revoked],
        ["expired", expired],
      ] as const) {
        expect((await send(request, cookie)).status, `${request.method} ${request.path} (${label})`).toBe(401);
      }
    }
    console.log(needSession.join(" "));
    // The list, and every admin endpoint, must be among those found to need a session:
    // otherwise the probe requests never reached the session check and proved nothing.
    const adminPaths = requests
      .map((r) => r.path)
      .filter(
        (path) =>
          path.startsWith("/admin/") && path !== "/admin/has-permission" && !ADMIN_DISABLED_PATHS.includes(path),
      );
    expect(adminPaths.length).toBeGreaterThanOrEqual(8);
    expect(needSession).toEqual(
      expect.arrayContaining([
        "/update-user",
        "/change-password",
        "/change-email",
        "/delete-user",
        "/list-sessions",
        "/revoke-session",
        "/revoke-sessions",
        "/revoke-other-sessions",
        "/list-accounts",
        "/link-social",
        "/unlink-account",
        "/update-session",
        ...Object.values(REAUTH_ENDPOINTS),
        ...adminPaths,
      ]),
    );
  }, 180_000);

  it("finds the admin endpoints the console does not use switched off, for every caller", async () => {
    const admin = await t.signUp("disabled-check@example.com", "Owner");
    await db.query(`update "user" set role = 'admin' where email = 'disabled-check@example.com'`);
    for (const path of ADMIN_DISABLED_PATHS) {
      expect((await t.request(path, { body: {}, cookie: admin })).status, path).toBe(404);
    }
  });

  it("cannot change the name through update-user, nor get a new cache from it", async () => {
    const response = await t.request("/update-user", { body: { name: "Thief" }, cookie: revoked });
    expect(response.status).toBe(401);
    expect(minted(response, revoked)).toEqual([]);
    expect(await db.query(`select name from "user" where email = 'owner@example.com'`)).toEqual([{ name: "Owner" }]);
  });
});

describe("session lists", () => {
  it("refuse a revoked session without revealing any session", async () => {
    const response = await t.request("/list-sessions", { cookie: revoked });
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(tokenOf(live));
  });

  it("reach the browser with ids but without bearer tokens; the server keeps them for revoking", async () => {
    const response = await t.request("/list-sessions", { cookie: live });
    expect(response.status).toBe(200);
    const sessions = (await response.json()) as Record<string, unknown>[];
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) {
      expect(session.id).toEqual(expect.any(String));
      expect(session).not.toHaveProperty("token");
    }
    const onServer = await t.auth.api.listSessions({ headers: new Headers({ cookie: live }) });
    expect(onServer.map((s) => s.token)).toContain(tokenOf(live));
  });

  it("hide the tokens of the admin plugin's list-user-sessions too", async () => {
    const userId = ((await (await t.request("/get-session", { cookie: live })).json()) as { user: { id: string } }).user
      .id;
    const response = await t.request("/admin/list-user-sessions", { body: { userId }, cookie: live });
    expect(response.status).toBe(200);
    const { sessions } = (await response.json()) as { sessions: Record<string, unknown>[] };
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) expect(session).not.toHaveProperty("token");
  });
});
