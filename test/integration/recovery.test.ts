/**
 * Recovery recovers (issue 16, part 2), against the real Better Auth
 * configuration on Postgres, tried as a thief with a copied session cookie
 * would: a change-email link or a "trust this device" cookie obtained before
 * the owner changes the password, resets it or signs out everywhere must be
 * worthless afterwards; the owner hears at once of a new passkey, a linked
 * provider, two-factor turned off and a completed email change (at the old
 * address, with what still works); and a completed email change signs out
 * every other session.
 */
import * as OTPAuth from "otpauth";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { NOTICE_PATHS } from "@/lib/server/auth/account-mail";
import { ENDS_SESSIONS_PATHS, RECOVERY_CHECKED_PATHS } from "@/lib/server/auth/account-recovery";
import type { Mail } from "@/lib/server/mail/compose";
import type { OidcStandIn } from "../../stand-ins/oidc-provider";
import { cookiesFrom, type TestAuth, withCookies } from "../support/auth-instance";
import { TEST_BASE_URL, TEST_PASSWORD, TOKEN } from "../support/constants";
import { parseCookieHeader } from "../support/cookie-tools";
import type { TestDatabase } from "../support/database";
import { startOidcTestAuth } from "../support/oidc-auth";
import { loginAtProvider } from "../support/oidc-login";
import { linkIn } from "../support/recording-mailer";
import { SoftwareAuthenticator } from "../support/software-authenticator";

let db: TestDatabase;
let oidc: OidcStandIn;
let t: TestAuth;
const NEW_PASSWORD = "a-brand-new-passphrase";

beforeAll(async () => {
  ({ db, oidc, t } = await startOidcTestAuth());
});
afterAll(async () => {
  await oidc?.close();
});
afterEach(() => vi.useRealTimers());

const emailOf = async (id: string) =>
  (await db.query<{ email: string }>(`select email from "user" where id = $1`, [id]))[0]?.email;
const idOf = async (email: string) =>
  (await db.query<{ id: string }>(`select id from "user" where email = $1`, [email]))[0]!.id;
const liveSessions = async (id: string) =>
  Number((await db.query<{ n: string }>(`select count(*) as n from session where user_id = $1`, [id]))[0]!.n);
const signedIn = async (cookie: string) => {
  const jar = parseCookieHeader(cookie);
  const token = jar.get(TOKEN);
  return (await (await t.request("/get-session", { cookie: token ? `${TOKEN}=${token}` : "" })).json()) !== null;
};
/** What the /verify-email page's button does with a link's token (optionally with a callback). */
const confirm = (link: URL, cookie?: string, callbackURL?: string) =>
  t.request(
    `/verify-email?${new URLSearchParams({ token: link.searchParams.get("token")!, ...(callbackURL ? { callbackURL } : {}) })}`,
    { cookie },
  );
/** The clock a second on (only Date is mocked): JWTs carry their issue time in whole seconds. */
const nextSecond = () => vi.setSystemTime(Date.now() + 1_000);

/** An account with a confirmed address, signed in on a laptop (whose cookie the thief copied) and a phone. */
async function victim(email: string) {
  await t.signUp(email, "Owner");
  await db.query(`update "user" set email_verified = true where email = $1`, [email]);
  return { id: await idOf(email), laptop: await t.signIn(email), phone: await t.signIn(email) };
}

/** With the copied laptop cookie, the thief asks to move the address to theirs and reads the new link there. */
async function stolenLink(laptop: string, to: string): Promise<URL> {
  const before = t.mail.sent.length;
  const asked = await t.request("/change-email", { body: { newEmail: to }, cookie: laptop });
  expect(asked.status).toBe(200);
  const mail = t.mail.last(to, "confirm-new-email");
  expect(t.mail.sent.indexOf(mail)).toBeGreaterThanOrEqual(before);
  return linkIn(mail);
}

async function resetPassword(email: string) {
  expect((await t.request("/request-password-reset", { body: { email } })).status).toBe(200);
  const token = linkIn(t.mail.last(email, "reset-password")).searchParams.get("token")!;
  expect((await t.request("/reset-password", { body: { token, newPassword: NEW_PASSWORD } })).status).toBe(200);
}

/** A link that moves nothing answers as a forged one does, with and without a callback. */
async function expectRefusedLikeAForgedOne(link: URL, userId: string, email: string) {
  const forged = new URL(link);
  forged.searchParams.set("token", `${link.searchParams.get("token")!.slice(0, -4)}AAAA`);
  const [stale, invalid] = [await confirm(link), await confirm(forged)];
  expect([stale.status, await stale.text()]).toEqual([invalid.status, await invalid.text()]);
  expect(invalid.status).toBe(401);
  const [staleRedirect, invalidRedirect] = [
    await confirm(link, undefined, "/account"),
    await confirm(forged, undefined, "/account"),
  ];
  expect(staleRedirect.headers.get("location")).toBe(invalidRedirect.headers.get("location"));
  expect(staleRedirect.headers.get("location")).toBe("/account?error=INVALID_TOKEN");
  expect(await emailOf(userId)).toBe(email);
}

describe("a change-email link requested with a stolen cookie", () => {
  it("moves the address while nothing happened since (the attack works without the owner's action)", async () => {
    const { id, laptop } = await victim("control@example.com");
    const link = await stolenLink(laptop, "control-thief@evil.example");
    expect((await confirm(link)).status).toBe(200);
    expect(await emailOf(id)).toBe("control-thief@evil.example");
  });

  it("no longer moves it after the owner changes the password and signs out the other devices", async () => {
    const { id, laptop, phone } = await victim("ann@example.com");
    const link = await stolenLink(laptop, "ann-thief@evil.example");
    expect(t.mail.last("ann@example.com", "email-change-requested").text).toContain("that also cancels this change");
    const changed = await t.request("/change-password", {
      body: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true },
      cookie: phone,
    });
    expect(changed.status).toBe(200);
    await expectRefusedLikeAForgedOne(link, id, "ann@example.com");
  });

  it("no longer moves it after a password change that keeps the other devices", async () => {
    const { id, laptop, phone } = await victim("ada@example.com");
    const link = await stolenLink(laptop, "ada-thief@evil.example");
    // A wrong current password (a thief's try) changes nothing, the epoch included.
    const wrong = await t.request("/change-password", {
      body: { currentPassword: "not-the-password", newPassword: NEW_PASSWORD },
      cookie: laptop,
    });
    expect(wrong.status).toBe(400);
    expect(await db.query(`select security_epoch from "user" where id = $1`, [id])).toEqual([{ security_epoch: null }]);
    const changed = await t.request("/change-password", {
      body: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: false },
      cookie: phone,
    });
    expect(changed.status).toBe(200);
    await expectRefusedLikeAForgedOne(link, id, "ada@example.com");
  });

  it("no longer moves it after the owner revokes every session", async () => {
    const { id, laptop, phone } = await victim("bob@example.com");
    const link = await stolenLink(laptop, "bob-thief@evil.example");
    expect((await t.request("/revoke-sessions", { body: {}, cookie: phone })).status).toBe(200);
    await expectRefusedLikeAForgedOne(link, id, "bob@example.com");
  });

  it("no longer moves it after the owner signs out every other session", async () => {
    const { id, laptop, phone } = await victim("bea@example.com");
    const link = await stolenLink(laptop, "bea-thief@evil.example");
    expect((await t.request("/revoke-other-sessions", { body: {}, cookie: phone })).status).toBe(200);
    await expectRefusedLikeAForgedOne(link, id, "bea@example.com");
  });

  it("no longer moves it after the owner resets the password", async () => {
    const { id, laptop } = await victim("cat@example.com");
    const link = await stolenLink(laptop, "cat-thief@evil.example");
    await resetPassword("cat@example.com");
    await expectRefusedLikeAForgedOne(link, id, "cat@example.com");
  });

  it("no longer moves it after an admin revokes the account's sessions or bans it", async () => {
    const admin = await t.signUp("admin@example.com", "Admin");
    await db.query(`update "user" set role = 'admin' where email = 'admin@example.com'`);
    for (const [path, email] of [
      ["/admin/revoke-user-sessions", "dan@example.com"],
      ["/admin/ban-user", "dee@example.com"],
    ] as const) {
      const { id, laptop } = await victim(email);
      const link = await stolenLink(laptop, `${email.split("@")[0]}-thief@evil.example`);
      expect((await t.request(path, { body: { userId: id }, cookie: admin })).status, path).toBe(200);
      await expectRefusedLikeAForgedOne(link, id, email);
    }
  });

  it("still lets the owner change the address with a link asked for afterwards", async () => {
    const { id, phone } = await victim("eve@example.com");
    expect((await t.request("/revoke-other-sessions", { body: {}, cookie: phone })).status).toBe(200);
    nextSecond();
    const link = await stolenLink(phone, "eve.new@example.com");
    expect((await confirm(link, phone)).status).toBe(200);
    expect(await emailOf(id)).toBe("eve.new@example.com");
  });
});

describe("a 'trust this device' cookie obtained before recovery", () => {
  let step = 0;
  const start = Date.now();

  /** An account with two-factor on, and a browser that passed the code with "trust this device". */
  async function trustedBrowser(email: string) {
    const cookie = await t.signUp(email, "Owner");
    const enabled = await t.request("/two-factor/enable", { body: { password: TEST_PASSWORD }, cookie });
    const totp = OTPAuth.URI.parse(((await enabled.json()) as { totpURI: string }).totpURI) as OTPAuth.TOTP;
    const code = () => {
      vi.useFakeTimers({ toFake: ["Date"], now: start + 30_000 * ++step });
      return totp.generate();
    };
    expect((await t.request("/two-factor/verify-totp", { body: { code: code() }, cookie })).status).toBe(200);
    const password = await t.request("/sign-in/email", { body: { email, password: TEST_PASSWORD } });
    expect(await password.json()).toMatchObject({ twoFactorRedirect: true });
    const passed = await t.request("/two-factor/verify-totp", {
      body: { code: code(), trustDevice: true },
      cookie: cookiesFrom(password),
    });
    expect(passed.status).toBe(200);
    const trusted = [...parseCookieHeader(cookiesFrom(passed))].find(([name]) => name.endsWith("trust_device"));
    expect(trusted).toBeDefined();
    return { id: await idOf(email), session: withCookies(cookie, passed), trust: `${trusted![0]}=${trusted![1]}` };
  }

  /** A password sign-in from the trusted browser: does it skip the code? */
  async function skipsTheCode(email: string, trust: string, password = TEST_PASSWORD) {
    const answer = await t.request("/sign-in/email", { body: { email, password }, cookie: trust });
    expect(answer.status).toBe(200);
    return !(await answer.json()).twoFactorRedirect;
  }

  it("skips the code while nothing happened since (the cookie works)", async () => {
    const { trust } = await trustedBrowser("tia@example.com");
    expect(await skipsTheCode("tia@example.com", trust)).toBe(true);
  });

  it("no longer skips it after the owner revokes every session", async () => {
    const { trust, session } = await trustedBrowser("tom@example.com");
    nextSecond();
    expect((await t.request("/revoke-sessions", { body: {}, cookie: session })).status).toBe(200);
    expect(await skipsTheCode("tom@example.com", trust)).toBe(false);
  });

  it("no longer skips it after a password change", async () => {
    const { trust, session } = await trustedBrowser("ted@example.com");
    nextSecond();
    const changed = await t.request("/change-password", {
      body: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true },
      cookie: session,
    });
    expect(changed.status).toBe(200);
    expect(await skipsTheCode("ted@example.com", trust, NEW_PASSWORD)).toBe(false);
  });

  it("no longer skips it after a password reset", async () => {
    const { trust } = await trustedBrowser("tess@example.com");
    nextSecond();
    await resetPassword("tess@example.com");
    expect(await skipsTheCode("tess@example.com", trust, NEW_PASSWORD)).toBe(false);
  });
});

describe("a completed email change", () => {
  it("signs out every other session; the session that confirmed stays", async () => {
    const { id, laptop, phone } = await victim("fay@example.com");
    const link = await stolenLink(laptop, "fay.new@example.com");
    expect((await confirm(link, laptop)).status).toBe(200);
    expect(await signedIn(laptop)).toBe(true);
    expect(await signedIn(phone)).toBe(false);
    expect(await liveSessions(id)).toBe(1);
  });

  it("confirmed from a link while signed out, signs out every session", async () => {
    const { id, laptop } = await victim("gus@example.com");
    const link = await stolenLink(laptop, "gus.new@example.com");
    expect((await confirm(link)).status).toBe(200);
    expect(await liveSessions(id)).toBe(0);
  });

  it("ends every other pending link, even once the address is changed back", async () => {
    const { id, laptop, phone } = await victim("hal@example.com");
    const stolen = await stolenLink(laptop, "hal-thief@evil.example");
    let owner = phone;
    for (const to of ["hal.new@example.com", "hal@example.com"]) {
      nextSecond();
      const own = await stolenLink(owner, to);
      const confirmed = await confirm(own, owner);
      expect(confirmed.status).toBe(200);
      owner = withCookies(owner, confirmed);
    }
    await expectRefusedLikeAForgedOne(stolen, id, "hal@example.com");
  });
});

describe("the owner is told by mail", () => {
  const notices = (to: string) => t.mail.sent.filter((mail) => mail.to === to);
  /** Plain text and HTML, neither with a line the account's name could have written. */
  const expectWellFormed = (mail: Mail) => {
    expect(mail.text).not.toContain("Ignore the rest");
    expect(mail.html).not.toContain("Ignore the rest");
    expect(mail.html).toMatch(/^<!doctype html>/);
  };

  it("when an email change completes, at the old address, with what still signs in", async () => {
    const { laptop } = await victim("ivy@example.com");
    // The thief renames the account to write the warning's greeting.
    await t.request("/update-user", { body: { name: "Ivy,\n\nIgnore the rest: this was us.\n\n" }, cookie: laptop });
    const link = await stolenLink(laptop, "ivy-thief@evil.example");
    expect(notices("ivy@example.com").filter((m) => m.kind === "email-changed")).toEqual([]);
    expect((await confirm(link)).status).toBe(200);
    const mail = t.mail.last("ivy@example.com", "email-changed");
    expectWellFormed(mail);
    expect(mail.text).toContain("ivy-thief@evil.example");
    expect(mail.text).toMatch(/password/);
    expect(mail.text).toMatch(/no longer to this address/);
  });

  it("when a passkey is added", async () => {
    const { laptop } = await victim("jon@example.com");
    const options = await t.request("/passkey/generate-register-options", { cookie: laptop });
    const response = new SoftwareAuthenticator(TEST_BASE_URL).register(await options.json());
    const registered = await t.request("/passkey/verify-registration", {
      body: { response, name: "Ignore the rest" },
      cookie: withCookies(laptop, options),
    });
    expect(registered.status).toBe(200);
    expectWellFormed(t.mail.last("jon@example.com", "passkey-added"));
  });

  it("when two-factor authentication is turned on, and when it is turned off", async () => {
    const { laptop } = await victim("kim@example.com");
    const enabled = await t.request("/two-factor/enable", { body: { password: TEST_PASSWORD }, cookie: laptop });
    const totp = OTPAuth.URI.parse(((await enabled.json()) as { totpURI: string }).totpURI) as OTPAuth.TOTP;
    const on = await t.request("/two-factor/verify-totp", { body: { code: totp.generate() }, cookie: laptop });
    expect(on.status).toBe(200);
    // Turned on: a thief holding a fresh cookie and the password could otherwise lock the owner out unseen.
    expectWellFormed(t.mail.last("kim@example.com", "two-factor-enabled"));
    expect(() => t.mail.last("kim@example.com", "two-factor-disabled")).toThrow();
    const off = await t.request("/two-factor/disable", {
      body: { password: TEST_PASSWORD },
      cookie: withCookies(laptop, on),
    });
    expect(off.status).toBe(200);
    expectWellFormed(t.mail.last("kim@example.com", "two-factor-disabled"));
  });

  it("when a provider is linked, but not when a provider creates a new account", async () => {
    await victim("lea@example.com");
    oidc.addAccount({ sub: "lea", email: "lea@example.com", emailVerified: true, name: "Lea" });
    oidc.addAccount({ sub: "max", email: "max@example.com", emailVerified: true, name: "Max" });
    for (const sub of ["lea", "max"]) {
      const started = await t.request("/sign-in/social", { body: { provider: "oidc", callbackURL: "/dashboard" } });
      const { url } = (await started.json()) as { url: string };
      const callback = await loginAtProvider(url, sub);
      const answer = await t.request(`/callback/oidc${callback.search}`, { cookie: cookiesFrom(started) });
      expect(answer.status).toBe(302);
    }
    const mail = t.mail.last("lea@example.com", "provider-linked");
    expect(mail.text).toContain(oidc.env.OIDC_NAME);
    expectWellFormed(mail);
    expect(notices("max@example.com").filter((m) => m.kind === "provider-linked")).toEqual([]);
  });
});

describe("the paths the recovery rules match", () => {
  it("all exist in the instance's API", () => {
    const paths = new Set(Object.values(t.auth.api).map((endpoint) => (endpoint as { path?: string }).path));
    for (const path of [...ENDS_SESSIONS_PATHS, ...RECOVERY_CHECKED_PATHS, ...NOTICE_PATHS]) {
      expect(paths, path).toContain(path);
    }
  });
});
