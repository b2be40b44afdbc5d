/**
 * The security log against the real Better Auth configuration on Postgres:
 * every kind of event is recorded with who, how, from where and which device,
 * failures included; recording happens after the response and a failed write
 * breaks nothing; the admin endpoints keep their rules (no self-demotion, no
 * taking away a role ADMIN_EMAILS gave); housekeeping removes old rows only.
 */
import * as OTPAuth from "otpauth";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CLIENT_COUNTRY_HEADER } from "@/lib/server/auth/client-country";
import { CLIENT_IP_HEADER } from "@/lib/server/auth/client-ip";
import { neonDatabase } from "@/lib/server/db/neon";
import { runHousekeeping } from "@/lib/server/housekeeping";
import { createSecurityLog, FIELD_LIMITS } from "@/lib/server/security-log/recorder";
import { cookiesFrom, createTestAuth, type TestAuth, withCookies } from "../support/auth-instance";
import { TEST_BASE_URL, TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { linkIn } from "../support/recording-mailer";
import { afterEpochSecond } from "../support/security-epoch";
import { SoftwareAuthenticator } from "../support/software-authenticator";

let db: TestDatabase;
let t: TestAuth;

beforeAll(async () => {
  db = await createTestDatabase();
  t = createTestAuth(db.url);
});
afterEach(() => vi.restoreAllMocks());

interface EventRow {
  type: string;
  success: boolean;
  user_id: string | null;
  email: string | null;
  method: string | null;
  actor_id: string | null;
  ip_address: string | null;
  user_agent: string | null;
  detail: string | null;
}

/** The events of `email`'s account (or address) since `since`, oldest first, once every write has landed. */
async function eventsOf(email: string, since = new Date(0)): Promise<EventRow[]> {
  await t.log.flush();
  return db.query<EventRow & Record<string, unknown>>(
    `select e.type, e.success, e.user_id, e.email, e.method, e.actor_id, e.ip_address, e.user_agent, e.detail
       from security_event e left join "user" u on u.id = e.user_id
      where (u.email = $1 or e.email = $1) and e.created_at >= $2 order by e.created_at, e.id`,
    [email, since],
  );
}

const types = (rows: EventRow[]) => rows.map((row) => `${row.type}${row.success ? "" : " (failed)"}`);

const idOf = async (email: string) =>
  (await db.query<{ id: string }>(`select id from "user" where email = $1`, [email]))[0]!.id;

describe("sign-up, sign-in and sign-out", () => {
  it("records each with method, address and device, failures included", async () => {
    const started = new Date();
    const headers = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36" };
    const request = (path: string, body: unknown, cookie?: string) =>
      t.handle(
        new Request(`${TEST_BASE_URL}/api/auth${path}`, {
          method: "POST",
          headers: {
            origin: TEST_BASE_URL,
            "content-type": "application/json",
            "x-forwarded-for": "198.51.100.9",
            ...headers,
            ...(cookie ? { cookie } : {}),
          },
          body: JSON.stringify(body),
        }),
      );
    expect(
      (await request("/sign-up/email", { name: "Ava", email: "ava@example.com", password: TEST_PASSWORD })).status,
    ).toBe(200);
    expect((await request("/sign-in/email", { email: "ava@example.com", password: "wrong-password" })).status).toBe(
      401,
    );
    const signedIn = await request("/sign-in/email", { email: "ava@example.com", password: TEST_PASSWORD });
    expect((await request("/sign-out", {}, cookiesFrom(signedIn))).status).toBe(200);
    const rows = await eventsOf("ava@example.com", started);
    expect(types(rows)).toEqual(["sign-up", "sign-in (failed)", "sign-in", "sign-out"]);
    const id = await idOf("ava@example.com");
    for (const row of rows) {
      expect(row).toMatchObject({ user_id: id, ip_address: "198.51.100.9" });
      expect(row.user_agent).toContain("Chrome/131.0");
    }
    expect(rows[1]).toMatchObject({ method: "password", detail: "INVALID_EMAIL_OR_PASSWORD" });
    expect(rows[2]).toMatchObject({ method: "password", email: "ava@example.com" });
  });

  it("records a failed sign-in for an address with no account, without an account", async () => {
    expect(
      (await t.request("/sign-in/email", { body: { email: "ghost@example.com", password: "x-x-x-x-x" } })).status,
    ).toBe(401);
    expect(await eventsOf("ghost@example.com")).toMatchObject([{ type: "sign-in", success: false, user_id: null }]);
  });
});

describe("changes to the account", () => {
  it("records password change, reset, email change, sessions revoked and deletion", async () => {
    let cookie = await t.signUp("ben@example.com");
    await t.signIn("ben@example.com"); // another device, revoked next
    expect((await t.request("/revoke-other-sessions", { body: {}, cookie })).status).toBe(200);
    const changed = await t.request("/change-password", {
      body: { currentPassword: TEST_PASSWORD, newPassword: "a-second-passphrase" },
      cookie,
    });
    expect(changed.status).toBe(200);
    cookie = withCookies(cookie, changed);
    expect((await t.request("/request-password-reset", { body: { email: "ben@example.com" } })).status).toBe(200);
    const token = linkIn(t.mail.last("ben@example.com", "reset-password")).searchParams.get("token");
    expect((await t.request("/reset-password", { body: { token, newPassword: TEST_PASSWORD } })).status).toBe(200);
    cookie = await t.signIn("ben@example.com");
    await afterEpochSecond();
    expect((await t.request("/change-email", { body: { newEmail: "ben.new@example.com" }, cookie })).status).toBe(200);
    const link = linkIn(t.mail.last("ben.new@example.com", "confirm-new-email"));
    expect((await t.request(`/verify-email?token=${link.searchParams.get("token")}`)).status).toBe(200);
    const id = await idOf("ben.new@example.com");
    const history = async () =>
      types(
        await (async () => {
          await t.log.flush();
          return db.query<EventRow & Record<string, unknown>>(
            `select type, success from security_event where user_id = $1 order by created_at, id`,
            [id],
          );
        })(),
      );
    expect(await history()).toEqual([
      "sign-up",
      "sign-in",
      "session-revoked",
      "password-changed",
      "password-reset",
      "sign-in",
      "email-change-requested",
      "email-changed",
    ]);
    cookie = await t.signIn("ben.new@example.com");
    expect((await t.request("/delete-user", { body: { password: TEST_PASSWORD }, cookie })).status).toBe(200);
    expect((await history()).at(-1)).toBe("account-deleted");
  });
});

describe("second factors and passkeys", () => {
  it("records two-factor on and off, a failed and a good code, passkeys added, used and removed", async () => {
    const email = "cleo@example.com";
    const cookie = await t.signUp(email);
    const enabled = await t.request("/two-factor/enable", { body: { password: TEST_PASSWORD }, cookie });
    const totp = OTPAuth.URI.parse(((await enabled.json()) as { totpURI: string }).totpURI) as OTPAuth.TOTP;
    const confirmed = await t.request("/two-factor/verify-totp", { body: { code: totp.generate() }, cookie });
    let session = withCookies(cookie, confirmed);
    const step = cookiesFrom(await t.request("/sign-in/email", { body: { email, password: TEST_PASSWORD } }));
    expect((await t.request("/two-factor/verify-totp", { body: { code: "000000" }, cookie: step })).status).toBe(401);
    const code = totp.generate({ timestamp: Date.now() + 30_000 });
    expect((await t.request("/two-factor/verify-totp", { body: { code }, cookie: step })).status).toBe(200);
    const disabled = await t.request("/two-factor/disable", { body: { password: TEST_PASSWORD }, cookie: session });
    expect(disabled.status).toBe(200);
    session = withCookies(session, disabled);

    const device = new SoftwareAuthenticator(TEST_BASE_URL);
    const options = await t.request("/passkey/generate-register-options", { cookie: session });
    const registered = await t.request("/passkey/verify-registration", {
      body: { response: device.register(await options.json()), name: "Phone" },
      cookie: withCookies(session, options),
    });
    expect(registered.status).toBe(200);
    const challenge = await t.request("/passkey/generate-authenticate-options");
    const used = await t.request("/passkey/verify-authentication", {
      body: { response: device.authenticate(await challenge.json()) },
      cookie: cookiesFrom(challenge),
    });
    expect(used.status).toBe(200);
    const { id } = (await registered.json()) as { id: string };
    expect((await t.request("/passkey/delete-passkey", { body: { id }, cookie: session })).status).toBe(200);

    const rows = await eventsOf(email);
    expect(types(rows)).toEqual([
      "sign-up",
      "two-factor-enabled",
      "sign-in (failed)",
      "sign-in",
      "two-factor-disabled",
      "passkey-added",
      "sign-in",
      "passkey-removed",
    ]);
    expect(rows.map((row) => row.method)).toEqual([
      "password",
      null,
      "two-factor",
      "two-factor",
      null,
      null,
      "passkey",
      null,
    ]);
    expect(rows[5]?.detail).toBe("Phone");
  });
});

describe("admin actions", () => {
  let admin: string;
  let adminId: string;
  let targetId: string;

  beforeAll(async () => {
    await t.signUp("root@example.com");
    await db.query(`update "user" set role = 'admin' where email = 'root@example.com'`);
    admin = await t.signIn("root@example.com");
    adminId = await idOf("root@example.com");
    await t.signUp("dan@example.com");
    targetId = await idOf("dan@example.com");
  });

  it("records role changes, bans and unbans with the admin who made them", async () => {
    expect(
      (await t.request("/admin/set-role", { body: { userId: targetId, role: "admin" }, cookie: admin })).status,
    ).toBe(200);
    expect(
      (await t.request("/admin/set-role", { body: { userId: targetId, role: "user" }, cookie: admin })).status,
    ).toBe(200);
    expect(
      (await t.request("/admin/ban-user", { body: { userId: targetId, banReason: "spam" }, cookie: admin })).status,
    ).toBe(200);
    expect(
      (await t.request("/sign-in/email", { body: { email: "dan@example.com", password: TEST_PASSWORD } })).status,
    ).toBe(403);
    expect((await t.request("/admin/unban-user", { body: { userId: targetId }, cookie: admin })).status).toBe(200);
    const rows = (await eventsOf("dan@example.com")).slice(1);
    expect(types(rows)).toEqual(["role-changed", "role-changed", "user-banned", "sign-in (failed)", "user-unbanned"]);
    expect(rows.filter((row) => row.type !== "sign-in").every((row) => row.actor_id === adminId)).toBe(true);
    expect(rows.map((row) => row.detail)).toEqual(["admin", "user", "spam", "BANNED_USER", null]);
  });

  it("refuses an admin removing their own admin role, through the endpoint itself", async () => {
    const answer = await t.request("/admin/set-role", { body: { userId: adminId, role: "user" }, cookie: admin });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ code: "CANNOT_REMOVE_OWN_ADMIN_ROLE" });
    expect((await t.request("/admin/ban-user", { body: { userId: adminId }, cookie: admin })).status).toBe(400);
  });

  it("refuses taking away a role that ADMIN_EMAILS gave", async () => {
    await t.signUp("listed@example.com");
    await db.query(`update "user" set role = 'admin', admin_granted_for = email where email = 'listed@example.com'`);
    const answer = await t.request("/admin/set-role", {
      body: { userId: await idOf("listed@example.com"), role: "user" },
      cookie: admin,
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ code: "ROLE_FROM_ADMIN_EMAILS" });
  });
});

describe("the recorder", () => {
  it("writes only when its scheduler runs the task (after() in the app), not during the request", async () => {
    const tasks: (() => Promise<void>)[] = [];
    const log = createSecurityLog(neonDatabase(db.url), (task) => tasks.push(task));
    log.record({ type: "sign-out", success: true, email: "later@example.com" });
    expect(await db.query(`select 1 from security_event where email = 'later@example.com'`)).toEqual([]);
    await Promise.all(tasks.map((task) => task()));
    expect(await db.query(`select 1 from security_event where email = 'later@example.com'`)).toHaveLength(1);
  });

  it("caps what a client can make it store: a failed sign-in with a 200 kB address and user agent", async () => {
    const huge = `${"x".repeat(200_000)}@example.com`;
    const response = await t.handle(
      new Request(`${TEST_BASE_URL}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { origin: TEST_BASE_URL, "content-type": "application/json", "user-agent": "U".repeat(100_000) },
        body: JSON.stringify({ email: huge, password: "wrong-password" }),
      }),
    );
    expect(response.status).toBeLessThan(500);
    await t.log.flush();
    const [row] = await db.query<{ email: number; agent: number }>(
      `select length(email) as email, length(user_agent) as agent from security_event where email like 'xxxxxxxx%'`,
    );
    expect(row).toEqual({ email: FIELD_LIMITS.email, agent: FIELD_LIMITS.userAgent });
  });

  it("caps every field it stores, never cutting a character in half", async () => {
    const tasks: (() => Promise<void>)[] = [];
    const log = createSecurityLog(neonDatabase(db.url), (task) => tasks.push(task));
    const long = (max: number) => `${"a".repeat(max - 1)}😀${"b".repeat(50_000)}`; // the emoji straddles the cut
    const longHeader = (max: number) => `${"a".repeat(max - 1)}${"b".repeat(50_000)}`; // headers are Latin-1
    const headers = new Headers({
      "user-agent": longHeader(FIELD_LIMITS.userAgent),
      [CLIENT_IP_HEADER]: longHeader(FIELD_LIMITS.ipAddress),
      [CLIENT_COUNTRY_HEADER]: longHeader(FIELD_LIMITS.country),
    });
    log.record({
      type: "role-changed",
      success: true,
      userId: long(FIELD_LIMITS.id),
      actorId: long(FIELD_LIMITS.id),
      email: long(FIELD_LIMITS.email),
      method: long(FIELD_LIMITS.method),
      detail: long(FIELD_LIMITS.detail),
      headers,
    });
    await Promise.all(tasks.map((task) => task()));
    const [row] = await db.query<Record<string, string>>(
      `select user_id, actor_id, email, method, detail, user_agent, ip_address, country
         from security_event where type = 'role-changed' and method like 'aaaa%'`,
    );
    const limits: Record<string, number> = {
      user_id: FIELD_LIMITS.id,
      actor_id: FIELD_LIMITS.id,
      email: FIELD_LIMITS.email,
      method: FIELD_LIMITS.method,
      detail: FIELD_LIMITS.detail,
      user_agent: FIELD_LIMITS.userAgent,
      ip_address: FIELD_LIMITS.ipAddress,
      country: FIELD_LIMITS.country,
    };
    for (const [column, max] of Object.entries(limits)) {
      const fromHeader = ["user_agent", "ip_address", "country"].includes(column);
      expect(row?.[column], column).toBe(`${"a".repeat(max - 1)}${fromHeader ? "b" : ""}`);
    }
  });

  it("logs a write that fails, and throws nothing at the request", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const tasks: (() => Promise<void>)[] = [];
    const broken = neonDatabase("postgres://nobody:nothing@127.0.0.1:9/none", 500);
    const log = createSecurityLog(broken, (task) => tasks.push(task));
    expect(() => log.record({ type: "sign-in", success: false, email: "lost@example.com" })).not.toThrow();
    await Promise.all(tasks.map((task) => task()));
    expect(errors).toHaveBeenCalledWith(expect.stringContaining("[security-log] could not record sign-in"));
    // The address someone typed stays out of the log (it may be a password typed in the wrong field).
    expect(errors.mock.calls.flat().join(" ")).not.toContain("lost@example.com");
  });
});

describe("housekeeping", () => {
  it("removes events older than the retention period, expired tokens and old counters, and nothing else", async () => {
    await db.query(
      `insert into security_event (id, created_at, type, success, email) values
         ('old', now() - interval '91 days', 'sign-in', true, 'old@example.com'),
         ('recent', now() - interval '89 days', 'sign-in', true, 'recent@example.com')`,
    );
    await db.query(
      `insert into verification (id, identifier, value, expires_at, created_at, updated_at) values
         ('expired', 'x', 'y', now() - interval '1 minute', now(), now()),
         ('valid', 'z', 'y', now() + interval '1 hour', now(), now())`,
    );
    await db.query(
      `insert into rate_limit (id, key, count, last_request) values ('stale', 'stale-key', 1, $1), ('live', 'live-key', 1, $2)`,
      [Date.now() - 2 * 86_400_000, Date.now()],
    );
    const result = await runHousekeeping(neonDatabase(db.url), 90);
    expect(result.securityEvents).toBeGreaterThanOrEqual(1);
    const ids = async (table: string) => (await db.query<{ id: string }>(`select id from ${table}`)).map((r) => r.id);
    expect(await ids("security_event")).toEqual(expect.arrayContaining(["recent"]));
    expect(await ids("security_event")).not.toContain("old");
    expect(await ids("verification")).toContain("valid");
    expect(await ids("verification")).not.toContain("expired");
    expect(await ids("rate_limit")).toContain("live");
    expect(await ids("rate_limit")).not.toContain("stale");
  });
});
