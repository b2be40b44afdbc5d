/**
 * What a sign-up claims and what a confirmation hands over, against the real
 * Better Auth configuration on Postgres:
 * - a sign-up for a taken address answers exactly like one for a new address
 *   (lib/server/auth/sign-up-answer.ts);
 * - the first confirmation of an address keeps the password only for the
 *   browser that chose it (lib/server/auth/first-confirmation.ts): a squatter
 *   who registered someone's address, even an ADMIN_EMAILS one, is left with
 *   nothing once the owner confirms, and the owner gets the account and a
 *   link to choose a password.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { VERIFY_EMAIL_PATH } from "@/lib/server/auth/admin-emails";
import { FIRST_CONFIRMATION_PATHS } from "@/lib/server/auth/first-confirmation";
import { cookiesFrom, createTestAuth, type TestAuth, withCookies } from "../support/auth-instance";
import { TEST_PASSWORD, TEST_SECRET, TOKEN } from "../support/constants";
import { parseCookieHeader, signTokenCookie } from "../support/cookie-tools";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { linkIn } from "../support/recording-mailer";

let db: TestDatabase;
let t: TestAuth;
const SQUATTER_PASSWORD = "the-squatters-own-choice";
const OWNER_PASSWORD = "the-owners-new-passphrase";

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url, {
    EMAIL_VERIFICATION: "required",
    ADMIN_EMAILS: "root@example.com,boss@example.com,chief@example.com",
  });
});

const signUp = (email: string, password = TEST_PASSWORD, name = "Person") =>
  t.request("/sign-up/email", { body: { name, email, password } });
const signIn = (email: string, password = TEST_PASSWORD, cookie?: string) =>
  t.request("/sign-in/email", { body: { email, password }, cookie });
/** What the /verify-email page's button does, in the browser holding `cookie`. */
const confirm = (email: string, cookie?: string) => {
  const token = linkIn(t.mail.last(email, "verify-email")).searchParams.get("token")!;
  return t.request(`/verify-email?token=${encodeURIComponent(token)}`, { cookie });
};
const hasSession = (response: Response) => parseCookieHeader(cookiesFrom(response)).has(TOKEN);
const userRow = async (email: string) =>
  (
    await db.query<{ id: string; role: string; email_verified: boolean }>(
      `select id, role, email_verified from "user" where email = $1`,
      [email],
    )
  )[0]!;
const countFor = async (table: "session" | "account" | "passkey" | "two_factor", email: string) =>
  (
    await db.query<{ n: number }>(
      `select count(*)::int as n from ${table} x join "user" u on u.id = x.user_id where u.email = $1`,
      [email],
    )
  )[0]!.n;

describe("the answer to a sign-up", () => {
  /** The answer with what must differ (a fresh random id, the clock, the cookie's signed id) replaced by its format. */
  async function shape(response: Response) {
    const id = /"id":"([A-Za-z0-9]{32})"/.exec(await response.clone().text())?.[1];
    expect(id, "a 32-character id").toBeDefined();
    const text = (await response.text())
      .replaceAll(id!, "<id>")
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<time>");
    const headers = [...response.headers.entries()].map(([name, value]) => [
      name,
      value.replace(/=[A-Za-z0-9]{32}\.[A-Za-z0-9%_-]{40,}(?=;)/, "=<id>.<signature>"),
    ]);
    return { status: response.status, text, headers };
  }

  it("is the same for a taken address as for a new one: every key, type and value that is not random", async () => {
    const fresh = await shape(await signUp("first@example.com", TEST_PASSWORD, "Ann Smith"));
    const taken = await shape(await signUp("first@example.com", "another-password", "Ann Smith"));
    expect(taken).toEqual(fresh);
    expect(fresh.text).toContain('"role":"user"');
    expect(fresh.headers.map(([name]) => name)).toContain("set-cookie");
  });

  it("is the same when the taken address is a confirmed admin's, and for a name as it will be stored", async () => {
    const browser = cookiesFrom(await signUp("boss@example.com"));
    expect((await confirm("boss@example.com", browser)).status).toBe(200);
    expect((await userRow("boss@example.com")).role).toBe("admin");
    const fresh = await shape(await signUp("nobody-yet@example.com", TEST_PASSWORD, "  Padded  Name "));
    const taken = await shape(await signUp("boss@example.com", TEST_PASSWORD, "  Padded  Name "));
    expect(taken).toEqual({ ...fresh, text: fresh.text.replace("nobody-yet@", "boss@") });
  });
});

describe("the first confirmation of an address", () => {
  it("is watched on paths that exist", () => {
    const paths = Object.values(t.auth.api).map((endpoint) => (endpoint as { path?: string }).path);
    for (const path of Object.values(FIRST_CONFIRMATION_PATHS)) expect(paths, path).toContain(path);
  });

  it("keeps the password for the browser that chose it (the honest path), and mails nothing more", async () => {
    const browser = cookiesFrom(await signUp("honest@example.com"));
    const mails = t.mail.sent.length;
    const confirmed = await confirm("honest@example.com", browser);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toEqual({ status: true, user: null });
    expect(hasSession(confirmed)).toBe(true);
    // Its one purpose served, the proof leaves the browser.
    expect(browser).toMatch(/password_proof=/);
    expect(confirmed.headers.getSetCookie().find((line) => line.includes("password_proof="))).toMatch(/Max-Age=0/i);
    expect(t.mail.sent.length).toBe(mails);
    expect((await signIn("honest@example.com")).status).toBe(200);
  });

  it("keeps it for a browser that showed the right password after the first link was lost", async () => {
    expect((await signUp("later@example.com")).status).toBe(200);
    const refused = await signIn("later@example.com"); // another browser, a day later: refused, a fresh link sent
    expect([refused.status, (await refused.clone().json()).code]).toEqual([403, "EMAIL_NOT_VERIFIED"]);
    const confirmed = await confirm("later@example.com", cookiesFrom(refused));
    expect(await confirmed.json()).toEqual({ status: true, user: null });
    expect((await signIn("later@example.com")).status).toBe(200);
    const wrong = await signIn("later-wrong@example.com", "not-the-password");
    expect(cookiesFrom(wrong)).not.toMatch(/password_proof=/);
  });

  describe("by the owner of an address someone else registered", () => {
    let squatter: string;
    let squatterSession: string;
    let owner: string;

    beforeAll(async () => {
      const signedUp = await signUp("root@example.com", SQUATTER_PASSWORD, "Squatter");
      squatter = cookiesFrom(signedUp);
      // A session the squatter got some other way (e.g. a provider that did not verify the address).
      const ctx = await t.auth.$context;
      const session = await ctx.internalAdapter.createSession((await userRow("root@example.com")).id);
      squatterSession = `${TOKEN}=${signTokenCookie(session.token, TEST_SECRET)}`;
      expect(await (await t.request("/get-session", { cookie: squatterSession })).json()).not.toBeNull();
      // What that session could have planted: a passkey, and a second factor the owner would not have.
      const userId = (await userRow("root@example.com")).id;
      await db.query(
        `insert into passkey (id, public_key, user_id, credential_id, counter, device_type, backed_up) values ('planted', 'key', $1, 'cred', 0, 'singleDevice', false)`,
        [userId],
      );
      await db.query(`insert into two_factor (id, secret, backup_codes, user_id) values ('planted', 's', 'b', $1)`, [
        userId,
      ]);
      await db.query(`update "user" set two_factor_enabled = true where id = $1`, [userId]);
      // The owner opens the genuine mail in their own browser and presses confirm.
      const confirmed = await confirm("root@example.com");
      expect(confirmed.status).toBe(200);
      expect(await confirmed.clone().json()).toEqual({ status: true, user: null, passwordRemoved: true });
      owner = cookiesFrom(confirmed);
    });

    it("leaves the squatter's password unable to sign in", async () => {
      const answer = await signIn("root@example.com", SQUATTER_PASSWORD, squatter);
      expect(answer.status).toBe(401);
      expect(hasSession(answer)).toBe(false);
      expect(await countFor("account", "root@example.com")).toBe(0);
    });

    it("leaves nothing the squatter planted: no passkey, no second factor", async () => {
      expect(await countFor("passkey", "root@example.com")).toBe(0);
      expect(await countFor("two_factor", "root@example.com")).toBe(0);
      expect(await db.query(`select two_factor_enabled from "user" where email = 'root@example.com'`)).toEqual([
        { two_factor_enabled: false },
      ]);
    });

    it("ends the squatter's sessions and keeps the owner's", async () => {
      expect(await (await t.request("/get-session", { cookie: squatterSession })).json()).toBeNull();
      const own = parseCookieHeader(owner).get(TOKEN)!;
      expect(await (await t.request("/get-session", { cookie: `${TOKEN}=${own}` })).json()).toMatchObject({
        user: { email: "root@example.com", role: "admin" },
      });
      expect(await countFor("session", "root@example.com")).toBe(1);
    });

    it("mails the owner a link to choose a password, which works, and makes them admin with it", async () => {
      const link = linkIn(t.mail.last("root@example.com", "reset-password"));
      expect(`${link.origin}${link.pathname}`).toBe("http://localhost:3000/reset-password");
      const reset = await t.request("/reset-password", {
        body: { token: link.searchParams.get("token"), newPassword: OWNER_PASSWORD },
      });
      expect(reset.status).toBe(200);
      const signedIn = await signIn("root@example.com", OWNER_PASSWORD);
      expect(signedIn.status).toBe(200);
      expect(await signedIn.json()).toMatchObject({ user: { role: "admin", emailVerified: true } });
      expect((await signIn("root@example.com", SQUATTER_PASSWORD, squatter)).status).toBe(401);
    });

    it("gives the squatter no second go: a new sign-up creates nothing and a new confirmation is not needed", async () => {
      const again = await signUp("root@example.com", SQUATTER_PASSWORD, "Squatter");
      expect(again.status).toBe(200);
      const after = withCookies(squatter, again);
      expect((await signIn("root@example.com", SQUATTER_PASSWORD, after)).status).toBe(401);
      expect(await countFor("account", "root@example.com")).toBe(1); // the owner's new password
    });
  });

  it("does the same for an ordinary account confirmed in a browser that never had its password", async () => {
    expect((await signUp("other-device@example.com")).status).toBe(200);
    const confirmed = await confirm("other-device@example.com");
    expect(await confirmed.json()).toEqual({ status: true, user: null, passwordRemoved: true });
    expect(hasSession(confirmed)).toBe(true);
    expect((await signIn("other-device@example.com")).status).toBe(401);
    expect(t.mail.last("other-device@example.com", "reset-password")).toBeDefined();
  });

  it("gets no proof planted by a squatter's cross-site form in the owner's browser", async () => {
    expect((await signUp("planted@example.com", SQUATTER_PASSWORD)).status).toBe(200);
    for (const path of ["/sign-in/email", "/sign-up/email"]) {
      const forged = await t.handle(
        new Request(`http://localhost:3000/api/auth${path}`, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "sec-fetch-site": "cross-site",
            "sec-fetch-mode": "navigate",
            origin: "https://evil.example",
          },
          body: new URLSearchParams({ name: "x", email: "planted@example.com", password: SQUATTER_PASSWORD }),
        }),
      );
      // 403 in production (Better Auth's own check, which it skips when NODE_ENV is "test"); no proof either way.
      expect(cookiesFrom(forged), path).not.toMatch(/password_proof=/);
    }
  });

  it("is not fooled by a proof for another account, nor by a tampered one", async () => {
    const mine = cookiesFrom(await signUp("mine@example.com"));
    expect((await signUp("victim@example.com", SQUATTER_PASSWORD)).status).toBe(200);
    const tampered = mine.replace(
      /password_proof=[^.;]+/,
      `password_proof=${(await userRow("victim@example.com")).id}`,
    );
    for (const cookie of [mine, tampered]) {
      expect(await (await confirm("victim@example.com", cookie)).clone().json()).toMatchObject({ status: true });
    }
    expect((await signIn("victim@example.com", SQUATTER_PASSWORD)).status).toBe(401);
  });
});

describe("an ADMIN_EMAILS address reached by an email change", () => {
  it("is checked on a path that exists", () => {
    const paths = Object.values(t.auth.api).map((endpoint) => (endpoint as { path?: string }).path);
    expect(paths).toContain(VERIFY_EMAIL_PATH);
  });

  it("is never handed to the account that asked by its owner's press on the genuine link", async () => {
    // An attacker's own confirmed account asks to move to an admin address nobody has registered yet.
    const browser = cookiesFrom(await signUp("climber@example.com", SQUATTER_PASSWORD));
    expect((await confirm("climber@example.com", browser)).status).toBe(200);
    const session = cookiesFrom(await signIn("climber@example.com", SQUATTER_PASSWORD));
    const climber = (await userRow("climber@example.com")).id;
    expect(
      (await t.request("/change-email", { body: { newEmail: "chief@example.com" }, cookie: session })).status,
    ).toBe(200);
    const token = linkIn(t.mail.last("chief@example.com", "confirm-new-email")).searchParams.get("token")!;
    // The admin presses it signed out, as the mail invites, or signed in to an account of their own.
    const bystander = cookiesFrom(await signUp("bystander@example.com"));
    expect((await confirm("bystander@example.com", bystander)).status).toBe(200);
    for (const cookie of [undefined, bystander]) {
      const pressed = await t.request(`/verify-email?token=${encodeURIComponent(token)}`, { cookie });
      expect(pressed.status).toBe(401);
    }
    const forged = await t.request(`/verify-email?token=${encodeURIComponent(`${token.slice(0, -4)}AAAA`)}`);
    expect(await (await t.request(`/verify-email?token=${encodeURIComponent(token)}`)).text()).toBe(
      await forged.text(),
    );
    const row = await db.query<{ email: string; role: string }>(`select email, role from "user" where id = $1`, [
      climber,
    ]);
    expect(row).toEqual([{ email: "climber@example.com", role: "user" }]);
    // The admin address can still be claimed as intended: by signing up and confirming it.
    const admin = cookiesFrom(await signUp("chief@example.com"));
    expect((await confirm("chief@example.com", admin)).status).toBe(200);
    expect((await userRow("chief@example.com")).role).toBe("admin");
  });
});
