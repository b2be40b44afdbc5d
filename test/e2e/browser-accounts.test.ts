/**
 * Managing an account in a real browser (Chromium), with real mail: forgot
 * password → emailed link → new password, after which another browser's
 * session is refused at its next fresh request; the device list; changing the
 * password; changing the email through the link sent to the new address,
 * from a session that must first confirm it is you (re-authentication, asked
 * in place); deleting the account. Screenshots of each step go to test-results/screenshots.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_TARGET, type RunningApp, startApp } from "../support/app-server";
import { launchChromium, screenshot } from "../support/browser";
import { TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { HttpClient } from "../support/http-client";
import { linkOf, type Mailbox, startMailbox } from "../support/mailbox";

let app: RunningApp;
let db: TestDatabase;
let mailbox: Mailbox;
let browser: Browser;
let laptop: BrowserContext;
let phone: BrowserContext;
let page: Page;
const email = "dana@example.com";
const NEW_PASSWORD = "dana-new-passphrase-1";
const NEWER_PASSWORD = "dana-newer-passphrase-2";

/** A browser profile; Cloudflare's edge would add the client's address and country. */
async function profile(ip: string): Promise<BrowserContext> {
  const headers = { "x-forwarded-for": ip, "cf-connecting-ip": ip, "cf-ipcountry": "DE" };
  const context = await browser.newContext({ baseURL: app.baseURL, extraHTTPHeaders: headers });
  context.setDefaultTimeout(10_000); // every wait is bounded, and says what it waited for
  return context;
}

async function signIn(target: Page, password: string, path = "/dashboard"): Promise<void> {
  await target.goto(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  await target.getByLabel("Email").fill(email);
  await target.getByLabel("Password").fill(password);
  await target.getByRole("button", { name: "Sign in", exact: true }).click();
  await target.waitForURL(`**${path}`);
}

const fieldError = (target: Page, name: string) => target.locator(`[data-field-error="${name}"]`);

beforeAll(async () => {
  db = await createTestDatabase();
  mailbox = await startMailbox();
  app = await startApp({ databaseUrl: db.url, env: mailbox.env(E2E_TARGET) });
  // The account exists and is confirmed; how it was made is browser.test.ts's subject.
  const client = new HttpClient(app.baseURL);
  await client.postJson("/api/auth/sign-up/email", { name: "Dana", email, password: TEST_PASSWORD });
  const token = new URL(linkOf(await mailbox.message(email, /Confirm your email/))).searchParams.get("token");
  expect((await client.get(`/api/auth/verify-email?token=${token}`)).status).toBe(200);
  browser = await launchChromium();
  laptop = await profile("198.51.100.20");
  phone = await profile("198.51.100.21");
  page = await laptop.newPage();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await mailbox?.close();
});

describe("forgot password", () => {
  it("always answers the same on the request page", async () => {
    await signIn(await phone.newPage(), TEST_PASSWORD, "/account/security");
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.waitForURL("**/forgot-password");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expect
      .poll(() => page.locator("[data-form-notice]").textContent())
      .toContain(`If an account exists for ${email}`);
    await screenshot(page, "10-forgot-password-sent");
  });

  it("sets a new password from the emailed link, with field errors first", async () => {
    await page.goto(linkOf(await mailbox.message(email, /Reset your edgegate password/)));
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("New password, again").fill("something else");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await expect
      .poll(() => fieldError(page, "confirmPassword").textContent())
      .toBe("The two passwords are not the same.");
    await screenshot(page, "11-reset-password-mismatch");
    await page.getByLabel("New password, again").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Save the new password" }).click();
    await expect.poll(() => page.locator("[data-form-notice]").textContent()).toContain("Your password is changed");
    await screenshot(page, "12-reset-password-done");
  });

  it("refuses the other browser's session at its next fresh request", async () => {
    const other = phone.pages()[0]!;
    await other.goto("/account/security");
    await other.waitForURL("**/sign-in?callbackUrl=%2Faccount%2Fsecurity");
    await screenshot(other, "13-other-device-signed-out");
  });

  it("shows a used link as such, with a way to ask again", async () => {
    await page.goto(linkOf(await mailbox.message(email, /Reset your edgegate password/)));
    await page.getByLabel("New password", { exact: true }).fill("yet-another-passphrase");
    await page.getByLabel("New password, again").fill("yet-another-passphrase");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await expect.poll(() => page.locator("[data-form-error]").textContent()).toContain("already been used");
    expect(await page.getByRole("link", { name: "Ask for a new link" }).isVisible()).toBe(true);
    await screenshot(page, "14-reset-link-used");
  });
});

describe("the Security page", () => {
  it("lists devices as people read them", async () => {
    await signIn(page, NEW_PASSWORD, "/account/security");
    const device = page.getByTestId("device").first();
    await expect.poll(() => device.textContent()).toMatch(/^Chrome \d+ on Linux\s*This device$/);
    // Only a platform's own header counts: Cloudflare's on workerd; behind next start there is none.
    const details = await page.getByTestId("sessions").textContent();
    if (E2E_TARGET === "workerd") expect(details).toContain("Germany");
    else expect(details).not.toContain("Germany");
    await screenshot(page, "15-security-devices");
  });

  it("changes the password with the current one, and says so", async () => {
    await page.getByLabel("Current password").fill("not-the-password");
    await page.getByLabel("New password").fill(NEWER_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect
      .poll(() => fieldError(page, "currentPassword").textContent())
      .toBe("That is not your current password.");
    await page.getByLabel("Current password").fill(NEW_PASSWORD);
    await page.getByLabel("New password").fill(NEWER_PASSWORD);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => page.locator("[data-form-notice]").textContent()).toContain("Your password is changed");
    await screenshot(page, "16-password-changed");
  });
});

describe("changing the email address", () => {
  it("asks a session signed in long ago to confirm it is you, in place, then carries on", async () => {
    // Signed in longer ago than REAUTH_MAX_AGE (5 minutes by default).
    await db.query(
      `update session set created_at = now() - interval '10 minutes' where user_id = (select id from "user" where email = $1)`,
      [email],
    );
    await page.goto("/account");
    await page.getByLabel("New email address").fill("dana.new@example.com");
    await page.getByRole("button", { name: "Send a confirmation link" }).click();
    const prompt = page.getByTestId("reauth-prompt");
    // Focus moves into the prompt: a keyboard or screen reader user is taken to the question.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest("[data-testid=reauth-prompt]") !== null))
      .toBe(true);
    await prompt.getByLabel("Your password").fill("not-the-password");
    await prompt.getByRole("button", { name: "Confirm" }).click();
    await expect
      .poll(() => prompt.locator('[data-field-error="password"]').textContent())
      .toBe("That password is not right.");
    await screenshot(page, "17-email-change-confirm-it-is-you");
    expect(await page.getByLabel("New email address").inputValue()).toBe("dana.new@example.com");
    await prompt.getByLabel("Your password").fill(NEWER_PASSWORD);
    await prompt.getByRole("button", { name: "Confirm" }).click();
    await expect
      .poll(() => page.locator("[data-form-notice]").textContent())
      .toContain("We sent a link to dana.new@example.com");
    expect(await prompt.count()).toBe(0);
    await screenshot(page, "17-email-change-sent");
  });

  it("asks the new address to confirm, and changes once its link is used", async () => {
    await mailbox.message(email, /email address is being changed/);
    await page.goto(linkOf(await mailbox.message("dana.new@example.com", /Confirm your new email/)));
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await page.waitForURL("**/account");
    await expect.poll(() => page.getByTestId("account-email").textContent()).toBe("dana.new@example.com");
    await screenshot(page, "18-email-changed");
  });
});

describe("deleting the account", () => {
  it("asks for the password and a tick, then deletes, signs out and says goodbye", async () => {
    await page.goto("/account/security");
    // The two-factor card asks for "Your password" too.
    const form = page.getByRole("form", { name: "Delete account" });
    await form.getByLabel("Your password").fill("not-the-password");
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect.poll(() => page.locator("[data-form-error]").textContent()).toContain("Tick the box");
    await form.getByLabel("I understand").check();
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect.poll(() => fieldError(page, "password").textContent()).toBe("That password is not right.");
    await screenshot(page, "19-delete-wrong-password");
    await form.getByLabel("Your password").fill(NEWER_PASSWORD);
    await form.getByLabel("I understand").check();
    await page.getByRole("button", { name: "Delete my account" }).click();
    await page.waitForURL("**/account-deleted");
    expect(await page.getByTestId("account-deleted").isVisible()).toBe(true);
    expect((await laptop.cookies()).map((c) => c.name).filter((n) => n.includes("session"))).toEqual([]);
    await screenshot(page, "20-account-deleted");
    await mailbox.message("dana.new@example.com", /account was deleted/);
  });
});
