/**
 * The sign-in methods beyond passwords, against the real Better Auth
 * configuration on Postgres, tried as an attacker would: magic links (single
 * use, atomic, short-lived, hashed at rest, refused for two-factor accounts),
 * two-factor codes (the half-finished sign-in is no session, codes work once),
 * passkeys (a software authenticator; Better Auth's real WebAuthn checks) and
 * OpenID Connect against a real provider (oidc-provider): PKCE, state, and
 * account linking only on verified addresses.
 */
import * as OTPAuth from "otpauth";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { OidcStandIn } from "../../stand-ins/oidc-provider";
import { cookiesFrom, type TestAuth, withCookies } from "../support/auth-instance";
import { TEST_BASE_URL, TEST_PASSWORD, TEST_SECRET, TOKEN } from "../support/constants";
import { cookieHeader, parseCookieHeader } from "../support/cookie-tools";
import type { TestDatabase } from "../support/database";
import { GateHarness, passed } from "../support/gate-harness";
import { startOidcTestAuth } from "../support/oidc-auth";
import { loginAtProvider } from "../support/oidc-login";
import { linkIn } from "../support/recording-mailer";
import { SoftwareAuthenticator } from "../support/software-authenticator";

let db: TestDatabase;
let oidc: OidcStandIn;
let t: TestAuth;

beforeAll(async () => {
  ({ db, oidc, t } = await startOidcTestAuth());
});
afterAll(async () => {
  await oidc?.close();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

const count = async (sql: string, params: unknown[] = []) =>
  Number((await db.query<{ n: string }>(`select count(*) as n from ${sql}`, params))[0]!.n);
const sessionsOf = (email: string) => count(`session s join "user" u on u.id = s.user_id where u.email = $1`, [email]);
const hasSession = (cookie: string) => parseCookieHeader(cookie).has(TOKEN);
/** Where a redirect leads, as path and query (Better Auth writes some absolute, some relative). */
const target = (response: Response) => {
  const url = new URL(response.headers.get("location") ?? "", TEST_BASE_URL);
  return `${url.pathname}${url.search}`;
};

describe("magic links", () => {
  const request = (email: string) =>
    t.request("/sign-in/magic-link", { body: { email, callbackURL: "/dashboard?tab=2" } });
  const verify = (link: URL, cookie?: string) =>
    t.request(
      `/magic-link/verify?${new URLSearchParams({ token: link.searchParams.get("token")!, callbackURL: link.searchParams.get("callbackUrl")!, errorCallbackURL: "/magic-link" })}`,
      { cookie },
    );

  it("mails a link to the app's confirm page, not to the endpoint that signs in", async () => {
    await t.signUp("mia@example.com");
    expect((await request("mia@example.com")).status).toBe(200);
    const link = linkIn(t.mail.last("mia@example.com", "magic-link"));
    expect(`${link.origin}${link.pathname}`).toBe(`${TEST_BASE_URL}/magic-link`);
    expect(link.searchParams.get("callbackUrl")).toBe("/dashboard?tab=2");
  });

  it("answers an unknown address exactly as a known one", async () => {
    const known = await request("mia@example.com");
    const unknown = await request("nobody-here@example.com");
    expect(unknown.status).toBe(known.status);
    expect(await unknown.text()).toBe(await known.text());
  });

  it("keeps only a hash of the token", async () => {
    const link = linkIn(t.mail.last("mia@example.com", "magic-link"));
    const token = link.searchParams.get("token")!;
    expect(await count(`verification where value like '%mia@example.com%'`)).toBeGreaterThanOrEqual(1);
    expect(
      await count(`verification where identifier like '%' || $1 || '%' or value like '%' || $1 || '%'`, [token]),
    ).toBe(0);
  });

  it("signs in once: the second use of the link is refused", async () => {
    expect((await request("mia@example.com")).status).toBe(200);
    const link = linkIn(t.mail.last("mia@example.com", "magic-link"));
    const first = await verify(link);
    expect(first.status).toBe(302);
    expect(target(first)).toBe("/dashboard?tab=2");
    expect(hasSession(cookiesFrom(first))).toBe(true);
    const second = await verify(link);
    expect(target(second)).toBe("/magic-link?error=INVALID_TOKEN");
    expect(hasSession(cookiesFrom(second))).toBe(false);
  });

  it("is consumed atomically: of ten simultaneous uses, one signs in", async () => {
    expect((await request("mia@example.com")).status).toBe(200);
    const link = linkIn(t.mail.last("mia@example.com", "magic-link"));
    const before = await sessionsOf("mia@example.com");
    const answers = await Promise.all(Array.from({ length: 10 }, () => verify(link)));
    expect(answers.filter((a) => hasSession(cookiesFrom(a)))).toHaveLength(1);
    expect(await sessionsOf("mia@example.com")).toBe(before + 1);
  });

  it("expires after five minutes", async () => {
    expect((await request("mia@example.com")).status).toBe(200);
    const link = linkIn(t.mail.last("mia@example.com", "magic-link"));
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 301_000 });
    const late = await verify(link);
    expect(target(late)).toBe("/magic-link?error=INVALID_TOKEN");
    expect(hasSession(cookiesFrom(late))).toBe(false);
  });

  // Foreign origins and off-site callbacks: Better Auth skips those checks under NODE_ENV=test;
  // the e2e suite tries them on the production build.

  it("signs up a new address, verified by the link itself", async () => {
    expect((await request("newcomer@example.com")).status).toBe(200);
    const answer = await verify(linkIn(t.mail.last("newcomer@example.com", "magic-link")));
    expect(hasSession(cookiesFrom(answer))).toBe(true);
    const [user] = await db.query<{ email_verified: boolean }>(`select email_verified from "user" where email = $1`, [
      "newcomer@example.com",
    ]);
    expect(user?.email_verified).toBe(true);
  });
});

describe("two-factor authentication", () => {
  const email = "tom@example.com";
  let totp: OTPAuth.TOTP;
  let backupCodes: string[];
  /** A code nobody has used: the clock moves on one 30 s step per code (only Date is faked). */
  const start = Date.now();
  let steps = 0;
  const freshCode = () => {
    vi.useFakeTimers({ toFake: ["Date"], now: start + 30_000 * ++steps });
    return totp.generate();
  };

  const signInWithPassword = async (): Promise<{ response: Response; cookie: string }> => {
    const response = await t.request("/sign-in/email", { body: { email, password: TEST_PASSWORD } });
    return { response, cookie: cookiesFrom(response) };
  };

  it("is turned on only once a code from the authenticator app is confirmed", async () => {
    let cookie = await t.signUp(email);
    const enabled = await t.request("/two-factor/enable", { body: { password: TEST_PASSWORD }, cookie });
    expect(enabled.status).toBe(200);
    const body = (await enabled.json()) as { totpURI: string; backupCodes: string[] };
    totp = OTPAuth.URI.parse(body.totpURI) as OTPAuth.TOTP;
    backupCodes = body.backupCodes;
    expect(totp.issuer).toBe("edgegate");
    expect(backupCodes.length).toBeGreaterThanOrEqual(10);
    // Not yet on: a password alone still signs in.
    expect(hasSession((await signInWithPassword()).cookie)).toBe(true);
    const confirmed = await t.request("/two-factor/verify-totp", { body: { code: freshCode() }, cookie });
    expect(confirmed.status).toBe(200);
    cookie = withCookies(cookie, confirmed);
    const [user] = await db.query<{ two_factor_enabled: boolean }>(
      `select two_factor_enabled from "user" where email = $1`,
      [email],
    );
    expect(user?.two_factor_enabled).toBe(true);
  });

  it("after the password, holds no session: not in the database, not in cookies, not at the gate", async () => {
    const before = await sessionsOf(email);
    const { response, cookie } = await signInWithPassword();
    expect(await response.json()).toMatchObject({ twoFactorRedirect: true });
    expect(hasSession(cookie)).toBe(false);
    expect(await sessionsOf(email)).toBe(before);
    expect(await (await t.request("/get-session", { cookie })).json()).toBeNull();
    // The half-finished sign-in's row is stored under a hash of what the cookie names, not the name itself.
    const pending = decodeURIComponent(/two_factor=([^;]+)/.exec(cookie)![1]!).split(".")[0]!;
    expect(pending.length).toBeGreaterThan(16);
    expect(await db.query(`select 1 from verification where identifier like '%' || $1 || '%'`, [pending])).toEqual([]);
    vi.stubEnv("BETTER_AUTH_SECRET", TEST_SECRET);
    vi.stubEnv("BETTER_AUTH_URL", TEST_BASE_URL);
    const gate = new GateHarness(t);
    const dashboard = await gate.run("/dashboard", { cookie });
    expect(passed(dashboard.response)).toBe(false);
    expect(dashboard.response.headers.get("location")).toContain("/sign-in");
  });

  it("refuses a wrong code, then signs in with a right one", async () => {
    const { cookie } = await signInWithPassword();
    const wrong = await t.request("/two-factor/verify-totp", { body: { code: "000000" }, cookie });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: "INVALID_CODE" });
    const right = await t.request("/two-factor/verify-totp", { body: { code: freshCode() }, cookie });
    expect(right.status).toBe(200);
    expect(hasSession(withCookies(cookie, right))).toBe(true);
  });

  it("accepts each code once, even in a second sign-in while it is still current", async () => {
    const code = freshCode();
    const first = await signInWithPassword();
    expect((await t.request("/two-factor/verify-totp", { body: { code }, cookie: first.cookie })).status).toBe(200);
    const second = await signInWithPassword();
    const replay = await t.request("/two-factor/verify-totp", { body: { code }, cookie: second.cookie });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: "TOTP_CODE_ALREADY_USED" });
    expect(hasSession(withCookies(second.cookie, replay))).toBe(false);
  });

  it("spends no code on a half-finished sign-in that has expired", async () => {
    const code = freshCode();
    const ids = async () => (await db.query<{ id: string }>(`select id from verification`)).map((row) => row.id);
    const before = new Set(await ids());
    const stale = await signInWithPassword();
    // Whatever the password step stored for this sign-in, now past its expiry.
    const stored = (await ids()).filter((id) => !before.has(id));
    expect(stored.length).toBeGreaterThan(0);
    await db.query(`update verification set expires_at = $1 where id = any($2)`, [new Date(Date.now() - 1000), stored]);
    const refused = await t.request("/two-factor/verify-totp", { body: { code }, cookie: stale.cookie });
    expect(refused.status).toBe(401);
    expect(hasSession(withCookies(stale.cookie, refused))).toBe(false);
    const fresh = await signInWithPassword();
    const accepted = await t.request("/two-factor/verify-totp", { body: { code }, cookie: fresh.cookie });
    expect(accepted.status).toBe(200);
  });

  it("lets one of two simultaneous uses of a code through", async () => {
    const code = freshCode();
    const attempts = await Promise.all([signInWithPassword(), signInWithPassword()]);
    const answers = await Promise.all(
      attempts.map(({ cookie }) => t.request("/two-factor/verify-totp", { body: { code }, cookie })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
  });

  it("finishes a sign-in only once per password step", async () => {
    const { cookie } = await signInWithPassword();
    expect((await t.request("/two-factor/verify-totp", { body: { code: freshCode() }, cookie })).status).toBe(200);
    const again = await t.request("/two-factor/verify-totp", { body: { code: freshCode() }, cookie });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ code: "INVALID_TWO_FACTOR_COOKIE" });
  });

  it("takes a backup code once", async () => {
    const first = await signInWithPassword();
    const used = await t.request("/two-factor/verify-backup-code", {
      body: { code: backupCodes[0] },
      cookie: first.cookie,
    });
    expect(used.status).toBe(200);
    const second = await signInWithPassword();
    const reused = await t.request("/two-factor/verify-backup-code", {
      body: { code: backupCodes[0] },
      cookie: second.cookie,
    });
    expect(reused.status).toBe(401);
  });

  it("refuses a forged two-factor cookie", async () => {
    const { cookie } = await signInWithPassword();
    const jar = parseCookieHeader(cookie);
    const name = [...jar.keys()].find((key) => key.endsWith("two_factor"))!;
    jar.set(name, `2fa-forged.${jar.get(name)!.split(".")[1]}`);
    const forged = await t.request("/two-factor/verify-totp", {
      body: { code: freshCode() },
      cookie: cookieHeader(jar),
    });
    expect(forged.status).toBe(401);
  });

  it("sends no magic link to a two-factor account, and answers as for any other", async () => {
    const answer = await t.request("/sign-in/magic-link", { body: { email } });
    expect(answer.status).toBe(200);
    expect(t.mail.last(email, "magic-link").subject).toMatch(/password and code/);
    expect(() => linkIn(t.mail.last(email, "magic-link"))).not.toThrow(); // a link to /sign-in, not a token
    expect(linkIn(t.mail.last(email, "magic-link")).searchParams.has("token")).toBe(false);
  });

  it("refuses a magic link sent before two-factor was turned on", async () => {
    const other = "late@example.com";
    let cookie = await t.signUp(other);
    // Confirmed, as an account with two-factor would be (a link to an unconfirmed one ends its sessions).
    await db.query(`update "user" set email_verified = true where email = $1`, [other]);
    expect((await t.request("/sign-in/magic-link", { body: { email: other } })).status).toBe(200);
    const link = linkIn(t.mail.last(other, "magic-link"));
    const enabled = await t.request("/two-factor/enable", { body: { password: TEST_PASSWORD }, cookie });
    const late = OTPAuth.URI.parse(((await enabled.json()) as { totpURI: string }).totpURI) as OTPAuth.TOTP;
    const confirmed = await t.request("/two-factor/verify-totp", { body: { code: late.generate() }, cookie });
    cookie = withCookies(cookie, confirmed);
    const before = await sessionsOf(other);
    const used = await t.request(`/magic-link/verify?token=${link.searchParams.get("token")}&callbackURL=/dashboard`);
    expect(target(used)).toBe("/magic-link?error=TWO_FACTOR_REQUIRED");
    expect(hasSession(withCookies("", used))).toBe(false);
    expect(await sessionsOf(other)).toBe(before);
    // The hooks after the refusal saw no sign-in: the security log does not report one.
    await t.log.flush();
    expect(
      await count(
        `security_event e join "user" u on u.id = e.user_id
          where u.email = $1 and e.type = 'sign-in' and e.method = 'magic-link' and e.success`,
        [other],
      ),
    ).toBe(0);
  });
});

describe("passkeys", () => {
  const email = "pia@example.com";
  const authenticator = new SoftwareAuthenticator(TEST_BASE_URL);
  let cookie: string;

  async function register(device: SoftwareAuthenticator, as: string): Promise<Response> {
    const options = await t.request("/passkey/generate-register-options", { cookie: as });
    expect(options.status).toBe(200);
    const response = device.register(await options.json());
    return t.request("/passkey/verify-registration", {
      body: { response, name: "Laptop" },
      cookie: withCookies(as, options),
    });
  }

  async function signInWith(device: SoftwareAuthenticator): Promise<Response> {
    const options = await t.request("/passkey/generate-authenticate-options");
    return t.request("/passkey/verify-authentication", {
      body: { response: device.authenticate(await options.json()) },
      cookie: withCookies("", options),
    });
  }

  it("registers only for a signed-in person", async () => {
    cookie = await t.signUp(email);
    expect((await t.request("/passkey/generate-register-options")).status).toBe(401);
    expect((await register(authenticator, cookie)).status).toBe(200);
  });

  it("signs in without a password, and refuses a replayed assertion", async () => {
    const options = await t.request("/passkey/generate-authenticate-options");
    const challengeCookie = withCookies("", options);
    const assertion = authenticator.authenticate(await options.json());
    const first = await t.request("/passkey/verify-authentication", {
      body: { response: assertion },
      cookie: challengeCookie,
    });
    expect(first.status).toBe(200);
    expect(hasSession(cookiesFrom(first))).toBe(true);
    const replay = await t.request("/passkey/verify-authentication", {
      body: { response: assertion },
      cookie: challengeCookie,
    });
    expect(replay.status).toBe(400);
    expect(hasSession(cookiesFrom(replay))).toBe(false);
  });

  it("refuses a signature from another key for the same credential", async () => {
    const impostor = new SoftwareAuthenticator(TEST_BASE_URL);
    const options = await t.request("/passkey/generate-register-options", {
      cookie: await t.signUp("eve@example.com"),
    });
    impostor.register(await options.json());
    const [row] = await db.query<{ credential_id: string }>(
      `select p.credential_id from passkey p join "user" u on u.id = p.user_id where u.email = $1`,
      [email],
    );
    const authOptions = await t.request("/passkey/generate-authenticate-options");
    const challenge = await authOptions.json();
    // Past the stored signature counter, so only the signature itself can give the forgery away.
    for (let i = 0; i < 5; i++) impostor.authenticate(challenge);
    const forged = impostor.authenticate(challenge);
    forged.id = forged.rawId = row!.credential_id;
    const answer = await t.request("/passkey/verify-authentication", {
      body: { response: forged },
      cookie: withCookies("", authOptions),
    });
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ code: "AUTHENTICATION_FAILED" });
    expect(hasSession(cookiesFrom(answer))).toBe(false);
  });

  it("refuses an authenticator that did not verify the person (no PIN or biometric)", async () => {
    const noPin = new SoftwareAuthenticator(TEST_BASE_URL, false);
    const registered = await register(noPin, cookie);
    expect(registered.status).toBe(401);
    expect(await registered.json()).toMatchObject({ code: "USER_VERIFICATION_REQUIRED" });
  });

  it("refuses a passkey made for another origin", async () => {
    const phishing = new SoftwareAuthenticator("https://login-edgegate.example");
    const before = await count(`passkey`);
    const answer = await register(phishing, cookie);
    expect(await answer.json()).toMatchObject({ code: "FAILED_TO_VERIFY_REGISTRATION" });
    expect(await count(`passkey`)).toBe(before);
  });

  it("lets nobody delete another person's passkey", async () => {
    const [row] = await db.query<{ id: string }>(
      `select p.id from passkey p join "user" u on u.id = p.user_id where u.email = $1`,
      [email],
    );
    const eve = await t.signIn("eve@example.com");
    const answer = await t.request("/passkey/delete-passkey", { body: { id: row!.id }, cookie: eve });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(await count(`passkey where id = $1`, [row!.id])).toBe(1);
    expect((await signInWith(authenticator)).status).toBe(200);
  });
});

describe("OpenID Connect", () => {
  async function start(callbackURL = "/dashboard"): Promise<{ cookie: string; authorization: URL }> {
    const response = await t.request("/sign-in/social", {
      body: { provider: "oidc", callbackURL, errorCallbackURL: "/sign-in" },
    });
    expect(response.status).toBe(200);
    const { url } = (await response.json()) as { url: string };
    return { cookie: cookiesFrom(response), authorization: new URL(url) };
  }

  async function signInAs(sub: string): Promise<Response> {
    const { cookie, authorization } = await start();
    const callback = await loginAtProvider(authorization.href, sub);
    return t.request(`/callback/oidc${callback.search}`, { cookie });
  }

  it("asks the provider with PKCE (S256), a state and a nonce", async () => {
    const { authorization } = await start();
    expect(authorization.origin).toBe(oidc.issuer);
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("state")).toBeTruthy();
    expect(authorization.searchParams.get("nonce")).toBeTruthy();
    expect(authorization.searchParams.get("redirect_uri")).toBe(`${TEST_BASE_URL}/api/auth/callback/oidc`);
  });

  it("creates an account for a new person whose provider verified the address", async () => {
    oidc.addAccount({ sub: "olga", email: "olga@example.com", emailVerified: true, name: "Olga" });
    const answer = await signInAs("olga");
    expect(answer.status).toBe(302);
    expect(target(answer)).toBe("/dashboard");
    expect(hasSession(cookiesFrom(answer))).toBe(true);
    expect(await count(`account where provider_id = 'oidc' and account_id = 'olga'`)).toBe(1);
  });

  it("joins an existing verified account when the provider verified the same address", async () => {
    await t.signUp("vera@example.com"); // verification is off in this instance: the address counts as confirmed
    await db.query(`update "user" set email_verified = true where email = 'vera@example.com'`);
    oidc.addAccount({ sub: "vera", email: "vera@example.com", emailVerified: true, name: "Vera" });
    const answer = await signInAs("vera");
    expect(target(answer)).toBe("/dashboard");
    expect(
      await count(
        `account a join "user" u on u.id = a.user_id where u.email = 'vera@example.com' and a.provider_id = 'oidc'`,
      ),
    ).toBe(1);
  });

  it("does not join an account when the provider has not verified the address", async () => {
    await t.signUp("uma@example.com");
    await db.query(`update "user" set email_verified = true where email = 'uma@example.com'`);
    oidc.addAccount({ sub: "uma-impostor", email: "uma@example.com", emailVerified: false, name: "Not Uma" });
    const answer = await signInAs("uma-impostor");
    expect(target(answer)).toBe("/sign-in?error=account_not_linked");
    expect(hasSession(cookiesFrom(answer))).toBe(false);
    expect(await count(`account where provider_id = 'oidc' and account_id = 'uma-impostor'`)).toBe(0);
  });

  it("does not join an account whose own address was never confirmed", async () => {
    await t.signUp("ned@example.com");
    await db.query(`update "user" set email_verified = false where email = 'ned@example.com'`);
    oidc.addAccount({ sub: "ned", email: "ned@example.com", emailVerified: true, name: "Ned" });
    const answer = await signInAs("ned");
    expect(target(answer)).toBe("/sign-in?error=account_not_linked");
    expect(await count(`account where provider_id = 'oidc' and account_id = 'ned'`)).toBe(0);
  });

  it("refuses a replayed callback, and one without the browser's state cookie", async () => {
    oidc.addAccount({ sub: "rita", email: "rita@example.com", emailVerified: true, name: "Rita" });
    const { cookie, authorization } = await start();
    const callback = await loginAtProvider(authorization.href, "rita");
    const stolen = await t.request(`/callback/oidc${callback.search}`); // the code reaches another browser
    expect(hasSession(cookiesFrom(stolen))).toBe(false);
    const first = await t.request(`/callback/oidc${callback.search}`, { cookie });
    expect(hasSession(cookiesFrom(first))).toBe(true);
    const replay = await t.request(`/callback/oidc${callback.search}`, { cookie });
    expect(hasSession(cookiesFrom(replay))).toBe(false);
  });

  it("refuses a callback with a forged code or state", async () => {
    const { cookie, authorization } = await start();
    const state = authorization.searchParams.get("state")!;
    const forgedCode = await t.request(`/callback/oidc?code=forged&state=${state}&iss=${oidc.issuer}`, { cookie });
    expect(hasSession(cookiesFrom(forgedCode))).toBe(false);
    const forgedState = await t.request(`/callback/oidc?code=x&state=forged&iss=${oidc.issuer}`, { cookie });
    expect(hasSession(cookiesFrom(forgedState))).toBe(false);
  });
});
