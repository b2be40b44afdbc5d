/**
 * What no admin may do, however the admin endpoints are called
 * (lib/server/auth/admin-guard.ts): an admin the console made cannot demote,
 * ban or sign out an ADMIN_EMAILS admin, and a target given as anything but
 * one string is refused before any rule decides.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { GUARDED_ADMIN_PATHS } from "@/lib/server/auth/admin-guard";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { CACHE, TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;
let t: TestAuth;
let owner: string; // the ADMIN_EMAILS admin's cookies
let console_: string; // an admin the console made
const ids: Record<string, string> = {};

/** An account with a confirmed address, signed in (the ADMIN_EMAILS grant happens at sign-in). */
async function verifiedAccount(email: string): Promise<string> {
  const signUp = await t.request("/sign-up/email", { body: { name: "Person", email, password: TEST_PASSWORD } });
  expect(signUp.status).toBe(200);
  await db.query(`update "user" set email_verified = true where email = $1`, [email]);
  ids[email] = (await db.query<{ id: string }>(`select id from "user" where email = $1`, [email]))[0]!.id;
  return t.signIn(email);
}

const row = async (email: string) =>
  (
    await db.query<{ role: string; banned: boolean | null }>(`select role, banned from "user" where email = $1`, [
      email,
    ])
  )[0]!;
const sessions = async (email: string) =>
  (
    await db.query<{ n: number }>(
      `select count(*)::int as n from session s join "user" u on u.id = s.user_id where u.email = $1`,
      [email],
    )
  )[0]!.n;
const tokenOf = async (email: string) =>
  (
    await db.query<{ token: string }>(
      `select s.token from session s join "user" u on u.id = s.user_id where u.email = $1 limit 1`,
      [email],
    )
  )[0]!.token;
const withoutCache = (cookie: string) =>
  cookie
    .split("; ")
    .filter((pair) => !pair.startsWith(CACHE))
    .join("; ");

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url, { EMAIL_VERIFICATION: "required", ADMIN_EMAILS: "root@example.com,later@example.com" });
  owner = await verifiedAccount("root@example.com");
  console_ = await verifiedAccount("ops@example.com");
  await db.query(`update "user" set role = 'admin' where email = 'ops@example.com'`);
  await verifiedAccount("plain@example.com");
  expect(await row("root@example.com")).toMatchObject({ role: "admin" });
});

const asConsoleAdmin = (path: string, body: Record<string, unknown>) => t.request(path, { body, cookie: console_ });
const refusedWith = async (response: Response) => [response.status, ((await response.json()) as { code: string }).code];

describe("an ADMIN_EMAILS admin, against another admin", () => {
  it("guards paths that exist", () => {
    const paths = Object.values(t.auth.api).map((endpoint) => (endpoint as { path?: string }).path);
    for (const path of GUARDED_ADMIN_PATHS) expect(paths, path).toContain(path);
  });

  it("cannot be banned", async () => {
    const ban = await asConsoleAdmin("/admin/ban-user", { userId: ids["root@example.com"], banReason: "mine now" });
    expect(await refusedWith(ban)).toEqual([403, "ROLE_FROM_ADMIN_EMAILS"]);
    expect((await row("root@example.com")).banned).not.toBe(true);
    expect((await t.request("/get-session", { cookie: withoutCache(owner) })).status).toBe(200);
  });

  it("cannot be signed out, all at once or one session at a time", async () => {
    const all = await asConsoleAdmin("/admin/revoke-user-sessions", { userId: ids["root@example.com"] });
    expect(await refusedWith(all)).toEqual([403, "ROLE_FROM_ADMIN_EMAILS"]);
    const one = await asConsoleAdmin("/admin/revoke-user-session", { sessionToken: await tokenOf("root@example.com") });
    expect(await refusedWith(one)).toEqual([403, "ROLE_FROM_ADMIN_EMAILS"]);
    expect(await sessions("root@example.com")).toBeGreaterThan(0);
  });

  it("cannot be demoted, nor banned, with the id given as an array", async () => {
    const id = ids["root@example.com"];
    const demote = await asConsoleAdmin("/admin/set-role", { userId: [id], role: "user" });
    expect(await refusedWith(demote)).toEqual([400, "INVALID_USER_ID"]);
    const ban = await asConsoleAdmin("/admin/ban-user", { userId: [id] });
    expect(await refusedWith(ban)).toEqual([400, "INVALID_USER_ID"]);
    expect(await row("root@example.com")).toMatchObject({ role: "admin" });
    expect((await row("root@example.com")).banned).not.toBe(true);
  });

  it("is protected before the address is proven, so a ban cannot wait for the owner", async () => {
    const signUp = await t.request("/sign-up/email", {
      body: { name: "Later", email: "later@example.com", password: TEST_PASSWORD },
    });
    expect(signUp.status).toBe(200);
    const { id } = (await db.query<{ id: string }>(`select id from "user" where email = 'later@example.com'`))[0]!;
    expect(await refusedWith(await asConsoleAdmin("/admin/ban-user", { userId: id }))).toEqual([
      403,
      "ROLE_FROM_ADMIN_EMAILS",
    ]);
  });
});

describe("admins otherwise", () => {
  it("ban, sign out and change the role of an ordinary user as before", async () => {
    const userId = ids["plain@example.com"];
    expect((await asConsoleAdmin("/admin/revoke-user-sessions", { userId })).status).toBe(200);
    expect(await sessions("plain@example.com")).toBe(0);
    expect((await asConsoleAdmin("/admin/set-role", { userId, role: "support" })).status).toBe(200);
    expect((await asConsoleAdmin("/admin/ban-user", { userId })).status).toBe(200);
    expect(await row("plain@example.com")).toMatchObject({ role: "support", banned: true });
  });

  it("refuse a userId that is not one string on any admin endpoint", async () => {
    for (const userId of [[ids["plain@example.com"]], 7, "", { id: "x" }]) {
      for (const path of ["/admin/unban-user", "/admin/list-user-sessions", "/admin/revoke-user-sessions"]) {
        expect(await refusedWith(await asConsoleAdmin(path, { userId })), `${path} ${JSON.stringify(userId)}`).toEqual([
          400,
          "INVALID_USER_ID",
        ]);
      }
    }
  });

  it("let the ADMIN_EMAILS admin end their own sessions, but not remove their own role", async () => {
    const id = ids["root@example.com"];
    const demote = await t.request("/admin/set-role", { body: { userId: id, role: "user" }, cookie: owner });
    expect(await refusedWith(demote)).toEqual([403, "CANNOT_REMOVE_OWN_ADMIN_ROLE"]);
    const own = await t.request("/admin/revoke-user-sessions", { body: { userId: id }, cookie: owner });
    expect(own.status).toBe(200);
    expect(await sessions("root@example.com")).toBe(0);
  });
});
