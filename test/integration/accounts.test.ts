/**
 * Accounts people can trust, against the real Better Auth configuration on
 * Postgres: verified email, password reset, email change, deletion, and the
 * admin role only for proven addresses. Links are read from the messages the
 * instance asked to send (the e2e suite reads real deliveries over SMTP).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cookiesFrom, createTestAuth, type TestAuth } from "../support/auth-instance";
import { CACHE, TEST_PASSWORD, TOKEN } from "../support/constants";
import { parseCookieHeader } from "../support/cookie-tools";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { linkIn } from "../support/recording-mailer";
import { afterEpochSecond } from "../support/security-epoch";

let db: TestDatabase;
let t: TestAuth;
const NEW_PASSWORD = "a-brand-new-passphrase";

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url, { EMAIL_VERIFICATION: "required", ADMIN_EMAILS: "root@example.com" });
});
afterEach(() => vi.useRealTimers());

const userRow = async (email: string) =>
  (
    await db.query<{ id: string; email_verified: boolean; role: string | null; admin_granted_for: string | null }>(
      `select id, email_verified, role, admin_granted_for from "user" where email = $1`,
      [email],
    )
  )[0];

/** The cookies of the browser each address first signed up in (confirming there keeps the password). */
const signUpBrowser = new Map<string, string>();

async function signUp(email: string, name = "Person", callbackURL?: string): Promise<Response> {
  const response = await t.request("/sign-up/email", {
    body: { name, email, password: TEST_PASSWORD, ...(callbackURL ? { callbackURL } : {}) },
  });
  if (!signUpBrowser.has(email)) signUpBrowser.set(email, cookiesFrom(response));
  return response;
}

/** What the /verify-email page's button does with the link's token. */
async function confirm(link: URL, cookie?: string): Promise<Response> {
  return t.request(`/verify-email?token=${encodeURIComponent(link.searchParams.get("token")!)}`, { cookie });
}

async function signedUpAndVerified(email: string): Promise<string> {
  expect((await signUp(email)).status).toBe(200);
  const response = await confirm(linkIn(t.mail.last(email, "verify-email")), signUpBrowser.get(email));
  expect(response.status).toBe(200);
  return cookiesFrom(response);
}

const sessionOf = async (cookie: string) => {
  const withoutCache = cookie
    .split("; ")
    .filter((pair) => !pair.startsWith(`${CACHE}=`))
    .join("; ");
  return (await t.request("/get-session", { cookie: withoutCache })).json();
};

describe("email verification", () => {
  it("signs nobody in at sign-up, and mails a link to the app's confirm page that keeps the callback", async () => {
    const response = await signUp("ann@example.com", "Ann", "/admin?tab=2");
    expect(response.status).toBe(200);
    expect(parseCookieHeader(cookiesFrom(response)).has(TOKEN)).toBe(false);
    expect((await userRow("ann@example.com"))?.email_verified).toBe(false);
    const link = linkIn(t.mail.last("ann@example.com", "verify-email"));
    expect(`${link.origin}${link.pathname}`).toBe("http://localhost:3000/verify-email");
    expect(link.searchParams.get("callbackUrl")).toBe("/admin?tab=2");
  });

  it("refuses to sign in until the address is confirmed, and sends a fresh link when the password was right", async () => {
    const before = t.mail.sent.length;
    const wrong = await t.request("/sign-in/email", {
      body: { email: "ann@example.com", password: "not-the-password" },
    });
    expect(wrong.status).toBe(401);
    expect(t.mail.sent.length).toBe(before);
    const right = await t.request("/sign-in/email", { body: { email: "ann@example.com", password: TEST_PASSWORD } });
    expect(right.status).toBe(403);
    expect(await right.json()).toMatchObject({ code: "EMAIL_NOT_VERIFIED" });
    expect(parseCookieHeader(cookiesFrom(right)).has(TOKEN)).toBe(false);
    expect(t.mail.sent.length).toBe(before + 1);
  });

  it("confirms and signs in once; the same link signs nobody in again", async () => {
    const link = linkIn(t.mail.last("ann@example.com", "verify-email"));
    const first = await confirm(link, signUpBrowser.get("ann@example.com"));
    expect(first.status).toBe(200);
    expect(parseCookieHeader(cookiesFrom(first)).has(TOKEN)).toBe(true);
    expect((await userRow("ann@example.com"))?.email_verified).toBe(true);
    const again = await confirm(link);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: true, user: null });
    expect(parseCookieHeader(cookiesFrom(again)).has(TOKEN)).toBe(false);
  });

  it("refuses an expired link and a forged one", async () => {
    expect((await signUp("late@example.com")).status).toBe(200);
    const link = linkIn(t.mail.last("late@example.com", "verify-email"));
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 3601_000 });
    const expired = await confirm(link);
    vi.useRealTimers();
    expect([expired.status, (await expired.json()).code]).toEqual([401, "TOKEN_EXPIRED"]);
    const [header, , signature] = link.searchParams.get("token")!.split(".");
    const claims = Buffer.from(JSON.stringify({ email: "root@example.com", exp: 4_102_444_800 })).toString("base64url");
    const forged = await t.request(`/verify-email?token=${header}.${claims}.${signature}`);
    expect([forged.status, (await forged.json()).code]).toEqual([401, "INVALID_TOKEN"]);
    expect((await userRow("late@example.com"))?.email_verified).toBe(false);
  });

  it("answers a sign-up for a taken address like a new one, creates nothing, and tells the owner", async () => {
    const response = await signUp("ann@example.com", "Impostor");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { token: unknown; user: { email: string } };
    expect([body.token, body.user.email]).toEqual([null, "ann@example.com"]);
    expect(await db.query(`select count(*)::int as n from "user" where email = 'ann@example.com'`)).toEqual([{ n: 1 }]);
    expect(t.mail.last("ann@example.com", "sign-up-attempt").text).toMatch(/No new account was created/);
  });
});

describe("password reset", () => {
  it("answers the same for an existing and an unknown address, and mails only the existing one", async () => {
    const existing = await t.request("/request-password-reset", { body: { email: "ann@example.com" } });
    const unknown = await t.request("/request-password-reset", { body: { email: "nobody@example.com" } });
    expect(existing.status).toBe(unknown.status);
    expect(await existing.text()).toBe(await unknown.text());
    expect(() => t.mail.last("nobody@example.com", "reset-password")).toThrow();
    const link = linkIn(t.mail.last("ann@example.com", "reset-password"));
    expect(`${link.origin}${link.pathname}`).toBe("http://localhost:3000/reset-password");
  });

  it("keeps no usable token at rest: nothing in the table equals or contains the mailed one", async () => {
    await t.request("/request-password-reset", { body: { email: "ann@example.com" } });
    const token = linkIn(t.mail.last("ann@example.com", "reset-password")).searchParams.get("token")!;
    const rows = await db.query<{ identifier: string; value: string }>(`select identifier, value from verification`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(`${row.identifier} ${row.value}`).not.toContain(token);
  });

  it("sets the new password at once, ends every session, works once, and tells the owner", async () => {
    const laptop = await t.signIn("ann@example.com");
    const token = linkIn(t.mail.last("ann@example.com", "reset-password")).searchParams.get("token")!;
    const reset = await t.request("/reset-password", { body: { token, newPassword: NEW_PASSWORD } });
    expect(reset.status).toBe(200);
    expect(await sessionOf(laptop)).toBeNull();
    expect(
      await db.query(
        `select count(*)::int as n from session s join "user" u on u.id = s.user_id where u.email = 'ann@example.com'`,
      ),
    ).toEqual([{ n: 0 }]);
    const old = await t.request("/sign-in/email", { body: { email: "ann@example.com", password: TEST_PASSWORD } });
    expect(old.status).toBe(401);
    const fresh = await t.request("/sign-in/email", { body: { email: "ann@example.com", password: NEW_PASSWORD } });
    expect(fresh.status).toBe(200);
    const reused = await t.request("/reset-password", { body: { token, newPassword: "yet-another-passphrase" } });
    expect([reused.status, (await reused.json()).code]).toEqual([400, "INVALID_TOKEN"]);
    expect(t.mail.last("ann@example.com", "password-changed").subject).toMatch(/password was changed/);
  });

  it("refuses an expired reset link", async () => {
    await t.request("/request-password-reset", { body: { email: "ann@example.com" } });
    const token = linkIn(t.mail.last("ann@example.com", "reset-password")).searchParams.get("token")!;
    await db.query(
      `update verification set expires_at = now() - interval '1 second'
        where value = (select id from "user" where email = 'ann@example.com')`,
    );
    const response = await t.request("/reset-password", { body: { token, newPassword: "yet-another-passphrase" } });
    expect([response.status, (await response.json()).code]).toEqual([400, "INVALID_TOKEN"]);
  });
});

describe("the admin role from ADMIN_EMAILS", () => {
  it("is not given to an unverified sign-up of the address", async () => {
    expect((await signUp("root@example.com", "Squatter")).status).toBe(200);
    expect((await userRow("root@example.com"))?.role).toBe("user");
  });

  it("is given once the address is proven", async () => {
    const response = await confirm(
      linkIn(t.mail.last("root@example.com", "verify-email")),
      signUpBrowser.get("root@example.com"),
    );
    expect(response.status).toBe(200);
    expect(await userRow("root@example.com")).toMatchObject({ role: "admin", admin_granted_for: "root@example.com" });
  });

  it("goes with the address when the email changes, and comes back with it", async () => {
    let cookie = await t.signIn("root@example.com");
    const change = async (newEmail: string) => {
      expect((await t.request("/change-email", { body: { newEmail }, cookie })).status).toBe(200);
      const confirmed = await confirm(linkIn(t.mail.last(newEmail, "confirm-new-email")), cookie);
      expect(confirmed.status).toBe(200);
      cookie = await t.signIn(newEmail);
      await afterEpochSecond();
    };
    await change("ops@example.com");
    expect(await userRow("ops@example.com")).toMatchObject({ role: "user", admin_granted_for: null });
    await change("root@example.com");
    expect(await userRow("root@example.com")).toMatchObject({ role: "admin", admin_granted_for: "root@example.com" });
  });

  it("stays with an admin the console made when their email changes (the grant did not come from the list)", async () => {
    const cookie = await signedUpAndVerified("support@example.com");
    await db.query(`update "user" set role = 'admin' where email = 'support@example.com'`);
    expect((await t.request("/change-email", { body: { newEmail: "help@example.com" }, cookie })).status).toBe(200);
    expect((await confirm(linkIn(t.mail.last("help@example.com", "confirm-new-email")), cookie)).status).toBe(200);
    expect((await userRow("help@example.com"))?.role).toBe("admin");
  });
});

describe("email change", () => {
  it("tells the old address, mails the new one, and changes nothing until the link is used", async () => {
    const cookie = await signedUpAndVerified("bob@example.com");
    const response = await t.request("/change-email", { body: { newEmail: "robert@example.com" }, cookie });
    expect(response.status).toBe(200);
    expect(t.mail.last("bob@example.com", "email-change-requested").text).toContain("robert@example.com");
    const link = linkIn(t.mail.last("robert@example.com", "confirm-new-email"));
    expect(await userRow("bob@example.com")).toBeDefined();
    expect((await confirm(link)).status).toBe(200);
    expect(await userRow("bob@example.com")).toBeUndefined();
    expect((await userRow("robert@example.com"))?.email_verified).toBe(true);
  });
});

describe("account deletion", () => {
  it("needs the password, then deletes the user with its sessions and accounts, and says so by mail", async () => {
    const cookie = await signedUpAndVerified("carol@example.com");
    const { id } = (await userRow("carol@example.com"))!;
    const wrong = await t.request("/delete-user", { body: { password: "not-the-password" }, cookie });
    expect([wrong.status, (await wrong.json()).code]).toEqual([400, "INVALID_PASSWORD"]);
    const deleted = await t.request("/delete-user", { body: { password: TEST_PASSWORD }, cookie });
    expect(deleted.status).toBe(200);
    const left = await db.query(
      `select (select count(*) from "user" where id = $1)::int as users, (select count(*) from session where user_id = $1)::int as sessions, (select count(*) from account where user_id = $1)::int as accounts`,
      [id],
    );
    expect(left).toEqual([{ users: 0, sessions: 0, accounts: 0 }]);
    expect(t.mail.last("carol@example.com", "account-deleted").subject).toMatch(/account was deleted/);
  });
});

describe("password change", () => {
  it("needs the current password, can sign out the other devices, and tells the owner", async () => {
    const cookie = await signedUpAndVerified("dave@example.com");
    const phone = await t.signIn("dave@example.com");
    const wrong = await t.request("/change-password", {
      body: { currentPassword: "not-the-password", newPassword: NEW_PASSWORD, revokeOtherSessions: true },
      cookie,
    });
    expect(wrong.status).toBe(400);
    const changed = await t.request("/change-password", {
      body: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true },
      cookie,
    });
    expect(changed.status).toBe(200);
    expect(await sessionOf(phone)).toBeNull();
    expect(t.mail.last("dave@example.com", "password-changed").to).toBe("dave@example.com");
  });
});
