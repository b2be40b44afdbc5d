/**
 * Every way of signing in, in a real browser (Chromium) against the
 * production build, on next start and on workerd: passkeys (Chromium's
 * virtual authenticator through the DevTools WebAuthn domain), two-factor
 * codes computed from the secret the page shows, backup codes, magic links
 * through real mail, and OpenID Connect through a real provider
 * (oidc-provider). Then the same app with PASSWORD_SIGN_IN=off, and the
 * start-up checks for a misconfigured provider. Screenshots of each step go
 * to test-results/screenshots.
 */
import * as OTPAuth from "otpauth";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../stand-ins/free-port";
import { type OidcStandIn, startOidcProvider } from "../../stand-ins/oidc-provider";
import { E2E_TARGET, type RunningApp, startApp, startAppExpectingFailure } from "../support/app-server";
import { addPlatformAuthenticator, launchChromium, screenshot } from "../support/browser";
import { TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { HttpClient } from "../support/http-client";
import { linkOf, type Mailbox, startMailbox } from "../support/mailbox";

let db: TestDatabase;
let mailbox: Mailbox;
let oidc: OidcStandIn;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  db = await createTestDatabase();
  mailbox = await startMailbox();
  const port = await freePort();
  oidc = await startOidcProvider({ redirectUri: `http://localhost:${port}/api/auth/callback/oidc` });
  app = await startApp({ port, databaseUrl: db.url, env: { ...mailbox.env(E2E_TARGET), ...oidc.env } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await oidc?.close();
  await mailbox?.close();
});

let visitors = 0;
/** A browser profile with its own client address, so one flow's attempts never meet another's rate limit. */
async function visitor(baseURL = app.baseURL): Promise<BrowserContext> {
  const ip = `198.51.100.${++visitors}`;
  const context = await browser.newContext({
    baseURL,
    extraHTTPHeaders: { "x-forwarded-for": ip, "cf-connecting-ip": ip },
  });
  context.setDefaultTimeout(10_000);
  return context;
}

/** An account with a confirmed address and the test password. */
async function confirmedAccount(email: string, name: string): Promise<void> {
  const client = new HttpClient(app.baseURL);
  expect((await client.postJson("/api/auth/sign-up/email", { name, email, password: TEST_PASSWORD })).status).toBe(200);
  const token = new URL(linkOf(await mailbox.message(email, /Confirm your email/))).searchParams.get("token");
  expect((await client.get(`/api/auth/verify-email?token=${token}`)).status).toBe(200);
}

async function signInWithPassword(page: Page, email: string, path = "/dashboard"): Promise<void> {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

const fieldError = (page: Page, name: string) => page.locator(`[data-field-error="${name}"]`);
const notice = (page: Page) => page.locator("[data-form-notice]");

describe("passkeys", () => {
  const email = "kim@example.com";
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await confirmedAccount(email, "Kim");
    context = await visitor();
    page = await context.newPage();
    await addPlatformAuthenticator(context, page);
  });
  afterAll(() => context?.close());

  it("adds a passkey on the Security page", async () => {
    await signInWithPassword(page, email, "/account/security");
    await page.waitForURL("**/account/security");
    await page.getByLabel("Name for the new passkey").fill("Test laptop");
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await expect.poll(() => notice(page).textContent()).toContain('Added "Test laptop"');
    await expect.poll(() => page.getByTestId("passkeys").textContent()).toContain("Test laptop");
    await screenshot(page, "30-passkey-added");
  });

  it("signs in with the passkey alone", async () => {
    await signOut(page);
    await page.goto("/sign-in?callbackUrl=%2Faccount");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await page.waitForURL("**/account");
    await expect.poll(() => page.getByTestId("account-email").textContent()).toBe(email);
    await screenshot(page, "31-passkey-signed-in");
  });

  it("removes the passkey, after which it no longer signs in", async () => {
    await page.goto("/account/security");
    await page.getByRole("button", { name: "Remove" }).click();
    await expect.poll(() => notice(page).textContent()).toContain('Removed "Test laptop"');
    await expect.poll(() => page.getByText("No passkeys yet.").isVisible()).toBe(true);
    await screenshot(page, "32-passkey-removed");
    await signOut(page);
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect.poll(() => page.locator("[data-form-error]").textContent()).toBeTruthy();
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await screenshot(page, "33-passkey-unknown");
  });
});

describe("two-factor authentication", () => {
  const email = "theo@example.com";
  let context: BrowserContext;
  let page: Page;
  let totp: OTPAuth.TOTP;
  let backupCode: string;
  /** Each code is taken once, so every use asks for a later 30 s step than the last (within the accepted window). */
  let lastStep = 0;
  const nextCode = () => {
    const step = Math.max(Math.floor(Date.now() / 30_000), lastStep + 1);
    if (step > Math.floor(Date.now() / 30_000) + 1) throw new Error("no unused code is valid yet");
    lastStep = step;
    return totp.generate({ timestamp: step * 30_000 });
  };

  beforeAll(async () => {
    await confirmedAccount(email, "Theo");
    context = await visitor();
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  it("is turned on with the password, a QR code and a first code", async () => {
    await signInWithPassword(page, email, "/account/security");
    await page.waitForURL("**/account/security");
    const card = page.getByTestId("two-factor");
    await card.getByLabel("Your password").fill("not-the-password");
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect.poll(() => card.locator("[data-form-error]").textContent()).toContain("password is not right");
    await card.getByLabel("Your password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Turn on" }).click();
    const secret = (await page.getByTestId("totp-secret").textContent())!;
    totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    expect(await page.getByAltText("QR code for your authenticator app").getAttribute("src")).toMatch(
      /^data:image\/png;base64,/,
    );
    await screenshot(page, "34-two-factor-scan");
    await card.getByLabel("6-digit code").fill(nextCode());
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => card.getAttribute("data-state")).toBe("on");
    backupCode = (await page.getByTestId("backup-codes").locator("li").first().textContent())!;
    await screenshot(page, "35-two-factor-on");
  });

  it("asks for a code after the password, and the half-way state opens nothing", async () => {
    await signOut(page);
    await signInWithPassword(page, email);
    await page.waitForURL((url) => url.pathname === "/two-factor");
    // Another tab of the same browser: only the two-factor cookie exists, which is no session.
    const other = await context.newPage();
    await other.goto("/dashboard");
    await other.waitForURL("**/sign-in?callbackUrl=%2Fdashboard");
    await other.close();
    await page.getByLabel("6-digit code").fill("12345");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => fieldError(page, "code").textContent()).toBe("Enter the 6 digits from your app.");
    await page.getByLabel("6-digit code").fill("000000");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => fieldError(page, "code").textContent()).toContain("That code is not right");
    await screenshot(page, "36-two-factor-wrong-code");
    await page.getByLabel("6-digit code").fill(nextCode());
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL("**/dashboard");
    await screenshot(page, "37-two-factor-signed-in");
  });

  it("takes a backup code instead", async () => {
    await signOut(page);
    await signInWithPassword(page, email);
    await page.waitForURL((url) => url.pathname === "/two-factor");
    await page.getByRole("button", { name: "Use a backup code instead" }).click();
    await page.getByLabel("Backup code").fill(backupCode);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL("**/dashboard");
  });

  it("mails no sign-in link to the account, but says how to sign in", async () => {
    const client = new HttpClient(app.baseURL);
    expect((await client.postJson("/api/auth/sign-in/magic-link", { email })).status).toBe(200);
    const mail = await mailbox.message(email, /password and code/);
    expect(linkOf(mail)).toBe(`${app.baseURL}/sign-in`);
  });
});

describe("magic links", () => {
  const email = "lia@example.com";
  let page: Page;

  it("mails a link that signs in, creating the account, after a button press", async () => {
    page = await (await visitor()).newPage();
    await page.goto("/sign-in?callbackUrl=%2Faccount");
    await page.getByRole("button", { name: "Email me a sign-in link instead" }).click();
    await page.getByLabel("Email", { exact: true }).fill("lia@");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect.poll(() => fieldError(page, "email").textContent()).toMatch(/valid email/);
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect.poll(() => notice(page).textContent()).toContain(`We sent a sign-in link to ${email}`);
    await screenshot(page, "38-magic-link-sent");
    const link = linkOf(await mailbox.message(email, /sign-in link/i));
    expect(new URL(link).pathname).toBe("/magic-link");
    // What a mail scanner does: it opens the link. That uses nothing up.
    expect((await fetch(link)).status).toBe(200);
    await page.goto(link);
    await screenshot(page, "39-magic-link-page");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/account");
    await expect.poll(() => page.getByTestId("account-email").textContent()).toBe(email);
    await screenshot(page, "40-magic-link-signed-in");
  });

  it("says so when the link is used a second time", async () => {
    const link = linkOf(await mailbox.message(email, /sign-in link/i));
    const second = await (await visitor()).newPage();
    await second.goto(link);
    await second.getByRole("button", { name: "Sign in" }).click();
    await second.waitForURL("**/magic-link?error=INVALID_TOKEN");
    await expect.poll(() => second.locator("[data-form-error]").textContent()).toContain("already been used");
    await screenshot(second, "41-magic-link-used");
  });
});

describe("OpenID Connect", () => {
  async function signInAtProvider(page: Page, login: string): Promise<void> {
    await page.getByRole("button", { name: "Continue with Acme ID" }).click();
    await page.waitForURL(`${oidc.issuer}/**`);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill("anything");
    await screenshot(page, `42-oidc-provider-${login}`, { checked: false }); // the provider's page, not ours
    await page.getByRole("button", { name: "Sign-in" }).click();
  }

  it("signs in a new person through the provider and back", async () => {
    oidc.addAccount({ sub: "omar", email: "omar@example.com", emailVerified: true, name: "Omar" });
    const page = await (await visitor()).newPage();
    await page.goto("/sign-in?callbackUrl=%2Faccount");
    await signInAtProvider(page, "omar");
    await page.waitForURL(`${app.baseURL}/account`);
    await expect.poll(() => page.getByTestId("account-email").textContent()).toBe("omar@example.com");
    await screenshot(page, "43-oidc-signed-in");
  });

  it("joins a confirmed account, tells its owner, and the Security page shows when the provider was added", async () => {
    await confirmedAccount("lin@example.com", "Lin");
    oidc.addAccount({ sub: "lin", email: "lin@example.com", emailVerified: true, name: "Lin" });
    const page = await (await visitor()).newPage();
    await page.goto("/sign-in?callbackUrl=%2Faccount%2Fsecurity");
    await signInAtProvider(page, "lin");
    await page.waitForURL(`${app.baseURL}/account/security`);
    await expect.poll(() => page.getByTestId("providers").textContent()).toMatch(/^Acme ID · added \d/);
    expect((await mailbox.message("lin@example.com", /Acme ID was linked/)).text).toContain("/account/security");
    await screenshot(page, "44-oidc-linked-provider");
  });

  it("does not join an existing account on an address the provider has not verified", async () => {
    await confirmedAccount("ines@example.com", "Ines");
    oidc.addAccount({ sub: "not-ines", email: "ines@example.com", emailVerified: false, name: "Impostor" });
    const page = await (await visitor()).newPage();
    await page.goto("/sign-in");
    await signInAtProvider(page, "not-ines");
    await page.waitForURL(`${app.baseURL}/sign-in?error=account_not_linked`);
    await expect.poll(() => page.locator("[data-form-error]").first().textContent()).toContain("already exists");
    await screenshot(page, "44-oidc-not-linked");
  });
});

describe("requests from another site", () => {
  it.each([
    ["/api/auth/sign-in/magic-link", { email: "lia@example.com" }],
    ["/api/auth/sign-in/social", { provider: "oidc" }],
    ["/api/auth/passkey/verify-authentication", { response: {} }],
    ["/api/auth/two-factor/verify-totp", { code: "123456" }],
  ])("refuses %s from a foreign origin", async (path, body) => {
    const response = await fetch(`${app.baseURL}${path}`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json", cookie: "x=1" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(403);
  });

  it.each([
    ["/api/auth/sign-in/magic-link", { email: "lia@example.com", callbackURL: "https://evil.example/" }],
    ["/api/auth/sign-in/social", { provider: "oidc", callbackURL: "https://evil.example/" }],
  ])("refuses %s with a callback to another site", async (path, body) => {
    expect((await new HttpClient(app.baseURL).postJson(path, body)).status).toBe(403);
  });
});

describe("with PASSWORD_SIGN_IN=off", () => {
  let passwordless: RunningApp;

  beforeAll(async () => {
    passwordless = await startApp({
      databaseUrl: db.url,
      env: { ...mailbox.env(E2E_TARGET), PASSWORD_SIGN_IN: "off" },
    });
  });
  afterAll(() => passwordless?.stop());

  it("refuses password sign-in and sign-up at the API", async () => {
    const client = new HttpClient(passwordless.baseURL);
    const signIn = await client.postJson("/api/auth/sign-in/email", {
      email: "kim@example.com",
      password: TEST_PASSWORD,
    });
    expect(signIn.status).toBe(400);
    const signUp = await client.postJson("/api/auth/sign-up/email", {
      name: "X",
      email: "x@example.com",
      password: TEST_PASSWORD,
    });
    expect(signUp.status).toBe(400);
    expect(await (await client.get("/api/sign-in-methods")).json()).toMatchObject({ password: false, magicLink: true });
  });

  it("offers the other ways on the sign-in and sign-up pages, and signs up by link", async () => {
    const page = await (await visitor(passwordless.baseURL)).newPage();
    await page.goto("/sign-in");
    await expect.poll(() => page.getByRole("button", { name: "Email me a sign-in link" }).isVisible()).toBe(true);
    expect(await page.getByLabel("Password").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Sign in with a passkey" }).isVisible()).toBe(true);
    await screenshot(page, "45-passwordless-sign-in");
    await page.goto("/sign-up");
    await expect.poll(() => page.getByRole("button", { name: "Email me a sign-in link" }).isVisible()).toBe(true);
    expect(await page.getByLabel("Password").count()).toBe(0);
    await page.getByLabel("Email", { exact: true }).fill("nora@example.com");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.goto(linkOf(await mailbox.message("nora@example.com", /sign-in link/i)));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/dashboard");
    await screenshot(page, "46-passwordless-signed-up");
  });
});

describe("a misconfigured provider", () => {
  it.each([
    [
      "a client id without its secret",
      { GITHUB_CLIENT_ID: "gh-id" },
      /GITHUB_CLIENT_ID is set without GITHUB_CLIENT_SECRET/,
    ],
    [
      "an issuer that is not a URL",
      { OIDC_ISSUER: "id.example.com", OIDC_CLIENT_ID: "a", OIDC_CLIENT_SECRET: "b" },
      /OIDC_ISSUER/,
    ],
    [
      "an issuer without a discovery document",
      () => ({ ...oidc.env, OIDC_ISSUER: `${oidc.issuer}/realms/typo` }),
      /OIDC_ISSUER is http:\/\/localhost:\d+\/realms\/typo, but .* answered 404/,
    ],
  ])("stops start-up naming the variable: %s", async (_case, env, message) => {
    const { code, output } = await startAppExpectingFailure({
      databaseUrl: db.url,
      env: { ...mailbox.env(E2E_TARGET), ...(typeof env === "function" ? env() : env) },
    });
    expect(code).toBe(1);
    expect(output).toMatch(message);
  });
});
