/**
 * A real user in a real browser (Chromium) against the production build:
 * sign up through the form → the emailed link (real delivery) → confirm →
 * dashboard → sign out → sign in → dashboard, with field errors for bad input
 * and a wrong password. Screenshots of each step are saved under
 * test-results/screenshots.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD_ERRORS } from "@/lib/shared/auth/validation";
import { E2E_TARGET, type RunningApp, startApp } from "../support/app-server";
import { launchChromium, screenshot } from "../support/browser";
import { CACHE, TEST_PASSWORD, TOKEN } from "../support/constants";
import { createTestDatabase } from "../support/database";
import { linkOf, type Mailbox, startMailbox } from "../support/mailbox";

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let mailbox: Mailbox;
const email = "browser@example.com";

beforeAll(async () => {
  const db = await createTestDatabase();
  mailbox = await startMailbox();
  app = await startApp({ databaseUrl: db.url, env: { ADMIN_EMAILS: email, ...mailbox.env(E2E_TARGET) } });
  browser = await launchChromium();
  // One client IP for this visitor, as a proxy in front of the app would report it.
  context = await browser.newContext({ baseURL: app.baseURL, extraHTTPHeaders: { "x-forwarded-for": "198.51.100.7" } });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await mailbox?.close();
});

/** Marks the current document; the mark survives only client-side navigations (no full reload). */
async function markDocument(): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __edgegate: number }).__edgegate = 1));
}
async function sameDocument(): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __edgegate?: number }).__edgegate === 1);
}
const fieldError = (name: string) => page.locator(`[data-field-error="${name}"]`);

describe("in the browser", () => {
  it("shows field errors for an empty and an invalid sign-up, keeping what was typed", async () => {
    await page.goto("/sign-up");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => fieldError("name").textContent()).toBe("Enter your name.");
    expect(await fieldError("email").textContent()).toBe("Enter your email address.");
    await page.getByLabel("Name").fill("Browser User");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => fieldError("email").textContent()).toMatch(/valid email/);
    expect(await fieldError("password").textContent()).toBe(PASSWORD_ERRORS.PASSWORD_TOO_SHORT);
    expect(await page.getByLabel("Name").inputValue()).toBe("Browser User");
    expect(await page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "01-sign-up-field-errors");
  });

  it("signs up through the form and is asked to confirm the address", async () => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.getByTestId("check-inbox").textContent()).toContain(`We sent a link to ${email}`);
    await screenshot(page, "02a-sign-up-check-inbox");
  });

  it("confirms with the emailed link and lands on the dashboard, as an admin of a proven address", async () => {
    const link = linkOf(await mailbox.message(email, /Confirm your email/));
    await page.goto(link);
    await screenshot(page, "02b-confirm-email");
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await page.waitForURL("**/dashboard");
    expect(await page.getByTestId("user-name").textContent()).toBe("Browser User");
    expect(await page.getByTestId("user-email").textContent()).toBe(email);
    expect(await page.getByTestId("user-role").textContent()).toBe("admin");
    await screenshot(page, "02c-dashboard-after-confirming");
  });

  it("signs out from the header", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    // The landing page is prerendered; the browser fills in who is signed in (nobody now).
    await expect.poll(() => page.getByTestId("auth-status").textContent()).toContain("You are not signed in");
    expect(await page.getByRole("link", { name: "Sign in" }).isVisible()).toBe(true);
    const cookies = (await context.cookies()).map((c) => c.name);
    expect(cookies).not.toContain(TOKEN);
    expect(cookies).not.toContain(CACHE);
    await screenshot(page, "03-signed-out");
  });

  it("says so when the session cannot be checked, instead of claiming either state", async () => {
    const failing = await context.newPage();
    await failing.route("**/api/auth/get-session*", (route) => route.fulfill({ status: 503, body: "{}" }));
    await failing.goto("/");
    await expect.poll(() => failing.getByTestId("auth-status").getAttribute("data-state")).toBe("unknown");
    expect(await failing.getByTestId("auth-status").textContent()).toContain("We could not check your session");
    expect(await failing.getByRole("link", { name: "Sign in" }).count()).toBe(0);
    expect(await failing.getByRole("button", { name: "Sign out" }).count()).toBe(0);
    await screenshot(failing, "03b-session-unknown");
    await failing.close();
  });

  it("is sent to sign-in from a protected page, and sees a field error for a wrong password", async () => {
    await page.goto("/admin?tab=users");
    await page.waitForURL("**/sign-in?callbackUrl=*");
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/admin?tab=users");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect.poll(() => fieldError("password").textContent()).toBe("Email or password is incorrect.");
    expect(await page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Email").inputValue()).toBe(email);
    await screenshot(page, "04-sign-in-wrong-password");
  });

  it("signs in and returns to the page it came from, then reaches the dashboard", async () => {
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await markDocument();
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL("**/admin?tab=users");
    expect(await sameDocument()).toBe(true);
    expect(await page.getByTestId("users-table").textContent()).toContain(email);
    await screenshot(page, "05-admin-after-sign-in");
    await page.getByRole("link", { name: "Dashboard" }).click();
    await page.waitForURL("**/dashboard");
    expect(await page.getByTestId("user-email").textContent()).toBe(email);
    await screenshot(page, "06-dashboard-after-sign-in");
  });
});
