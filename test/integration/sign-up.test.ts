/**
 * Better Auth (the app's configuration) against a real Postgres through the
 * Neon WebSocket driver and the local Neon stand-in.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cookiesFrom, createTestAuth, type TestAuth } from "../support/auth-instance";
import { CACHE, TEST_PASSWORD, TOKEN } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";

let db: TestDatabase;
let t: TestAuth;

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url);
});

async function rowsFor(email: string) {
  const users = await db.query<{ id: string; role: string | null }>(`select id, role from "user" where email = $1`, [
    email,
  ]);
  const accounts = await db.query(`select a.id from account a join "user" u on u.id = a.user_id where u.email = $1`, [
    email,
  ]);
  const sessions = await db.query(`select s.id from session s join "user" u on u.id = s.user_id where u.email = $1`, [
    email,
  ]);
  return { users, accounts, sessions };
}

describe("sign-up", () => {
  it("creates the user, its credential account and a session, and sets the session cookies", async () => {
    const response = await t.request("/sign-up/email", {
      body: { name: "Ann", email: "ann@example.com", password: TEST_PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(cookiesFrom(response)).toMatch(/edgegate\.session_token=.+; edgegate\.session_data=.+/);
    const rows = await rowsFor("ann@example.com");
    expect([rows.users.length, rows.accounts.length, rows.sessions.length]).toEqual([1, 1, 1]);
    expect(rows.users[0]!.role).toBe("user");
  });

  it("refuses a duplicate email with a clear error code and leaves the first account intact", async () => {
    const response = await t.request("/sign-up/email", {
      body: { name: "Ann 2", email: "ANN@example.com", password: TEST_PASSWORD },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL" });
    expect((await rowsFor("ann@example.com")).users).toHaveLength(1);
  });

  it("never leaves a half-created user when the account insert fails, and the email stays usable", async () => {
    // Make the credential-account insert fail for one email, inside the sign-up transaction.
    await db.query(`
      create function fail_account_insert() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from "user" where id = new.user_id and email = 'atomic@example.com') then
          raise exception 'injected failure for atomic@example.com';
        end if;
        return new;
      end $$;
      create trigger fail_account_insert before insert on account for each row execute function fail_account_insert();
    `);
    const failed = await t.request("/sign-up/email", {
      body: { name: "At", email: "atomic@example.com", password: TEST_PASSWORD },
    });
    expect(failed.status).toBeGreaterThanOrEqual(400);
    expect(failed.headers.getSetCookie()).toEqual([]);
    expect(await rowsFor("atomic@example.com")).toEqual({ users: [], accounts: [], sessions: [] });

    await db.query(`drop trigger fail_account_insert on account; drop function fail_account_insert();`);
    const retried = await t.request("/sign-up/email", {
      body: { name: "At", email: "atomic@example.com", password: TEST_PASSWORD },
    });
    expect(retried.status).toBe(200);
    const rows = await rowsFor("atomic@example.com");
    expect([rows.users.length, rows.accounts.length, rows.sessions.length]).toEqual([1, 1, 1]);
  });

  it("ignores a role smuggled into the sign-up body", async () => {
    const response = await t.request("/sign-up/email", {
      body: { name: "Eve", email: "eve@example.com", password: TEST_PASSWORD, role: "admin" },
    });
    expect((await rowsFor("eve@example.com")).users[0]?.role ?? "rejected").not.toBe("admin");
    expect([200, 400]).toContain(response.status);
  });

  it("rejects a too-short password with PASSWORD_TOO_SHORT and creates nothing", async () => {
    const response = await t.request("/sign-up/email", {
      body: { name: "Shorty", email: "short@example.com", password: "1234567" },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "PASSWORD_TOO_SHORT" });
    expect((await rowsFor("short@example.com")).users).toEqual([]);
  });
});

describe("session", () => {
  it("signs in, reads the session from the database on a cache miss, and signs out", async () => {
    const signIn = await t.request("/sign-in/email", { body: { email: "ann@example.com", password: TEST_PASSWORD } });
    expect(signIn.status).toBe(200);
    const cookie = cookiesFrom(signIn);
    const fresh = await t.request("/get-session?disableCookieCache=true", { cookie });
    expect(await fresh.json()).toMatchObject({ user: { email: "ann@example.com", role: "user" } });

    const signOut = await t.request("/sign-out", { method: "POST", body: {}, cookie });
    expect(signOut.status).toBe(200);
    const cleared = signOut.headers.getSetCookie().map((c) => c.split("=")[0]);
    expect(cleared).toEqual(expect.arrayContaining([TOKEN, CACHE]));
    const after = await t.request("/get-session?disableCookieCache=true", {
      cookie: cookie.replace(/edgegate\.session_data=[^;]*;?\s*/, ""),
    });
    expect(await after.json()).toBeNull();
  });

  it("refuses a wrong password with INVALID_EMAIL_OR_PASSWORD", async () => {
    const response = await t.request("/sign-in/email", {
      body: { email: "ann@example.com", password: "wrong-password" },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "INVALID_EMAIL_OR_PASSWORD" });
  });
});
