/**
 * Claims a browser must not be fooled by, in Chromium against the production
 * build: the owner of an address someone else registered confirms it in their
 * own browser, is told the other password no longer works and sets their own
 * from the mail; the honest sign-up confirmed in the same browser keeps its
 * password; and a sign-in link used from another site signs nobody in.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_TARGET, type RunningApp, startApp } from "../support/app-server";
import { launchChromium, screenshot } from "../support/browser";
import { TEST_PASSWORD, TOKEN } from "../support/constants";
import { createTestDatabase } from "../support/database";
import { HttpClient } from "../support/http-client";
import { linkOf, type Mailbox, startMailbox } from "../support/mailbox";

let mailbox: Mailbox;
let app: RunningApp;
let browser: Browser;
const SQUATTER_PASSWORD = "the-squatters-own-choice";
const OWNER_PASSWORD = "the-owners-own-passphrase";

beforeAll(async () => {
  const db = await createTestDatabase();
  mailbox = await startMailbox();
  app = await startApp({ databaseUrl: db.url, env: mailbox.env(E2E_TARGET) });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await mailbox?.close();
});

let visitors = 0;
async function visitor(): Promise<{ context: BrowserContext; page: Page }> {
  const ip = `198.51.100.${100 + ++visitors}`;
  const context = await browser.newContext({
    baseURL: app.baseURL,
    extraHTTPHeaders: { "x-forwarded-for": ip, "cf-connecting-ip": ip },
  });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

const signIn = (email: string, password: string) =>
  new HttpClient(app.baseURL).postJson("/api/auth/sign-in/email", { email, password });

describe("the owner of an address someone else registered", () => {
  const email = "owner@example.com";

  it("confirms in their own browser, is told the other password is gone, and sets their own", async () => {
    const squatter = new HttpClient(app.baseURL);
    const signedUp = await squatter.postJson("/api/auth/sign-up/email", {
      name: "Squatter",
      email,
      password: SQUATTER_PASSWORD,
    });
    expect(signedUp.status).toBe(200);
    const { page } = await visitor();
    await page.goto(linkOf(await mailbox.message(email, /Confirm your email/)));
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect
      .poll(() => page.locator("[data-form-notice]").textContent())
      .toContain("the password chosen there no longer works");
    await screenshot(page, "30-confirmed-password-removed");
    expect((await signIn(email, SQUATTER_PASSWORD)).status).toBe(401);
    await page.getByRole("link", { name: "Continue" }).click();
    await page.waitForURL("**/dashboard");

    await page.goto(linkOf(await mailbox.message(email, /Reset your edgegate password/)));
    await page.getByLabel("New password", { exact: true }).fill(OWNER_PASSWORD);
    await page.getByLabel("New password, again").fill(OWNER_PASSWORD);
    await page.getByRole("button", { name: "Save the new password" }).click();
    await expect.poll(() => page.locator("[data-form-notice]").textContent()).toContain("Your password is changed");
    expect((await signIn(email, OWNER_PASSWORD)).status).toBe(200);
    expect((await signIn(email, SQUATTER_PASSWORD)).status).toBe(401);
  });
});

describe("an honest sign-up", () => {
  it("confirmed in the same browser keeps its password and lands on the dashboard", async () => {
    const email = "honest@example.com";
    const { page } = await visitor();
    await page.goto("/sign-up");
    await page.getByLabel("Name").fill("Honest Person");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.getByTestId("check-inbox").textContent()).toContain(`We sent a link to ${email}`);
    await page.goto(linkOf(await mailbox.message(email, /Confirm your email/)));
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await page.waitForURL("**/dashboard");
    expect((await signIn(email, TEST_PASSWORD)).status).toBe(200);
  });
});

describe("a sign-in link used from another site", () => {
  it("is refused and signs nobody in", async () => {
    const attacker = "attacker@example.com";
    const client = new HttpClient(app.baseURL);
    expect(
      (await client.postJson("/api/auth/sign-in/magic-link", { email: attacker, callbackURL: "/dashboard" })).status,
    ).toBe(200);
    const token = new URL(linkOf(await mailbox.message(attacker, /sign-in link/))).searchParams.get("token")!;
    const { context, page } = await visitor();
    // A page that is not this app's links the victim straight to the endpoint.
    const endpoint = `${app.baseURL}/api/auth/magic-link/verify?token=${token}&callbackURL=/dashboard`;
    await page.setContent(`<a id="go" href="${endpoint}">win a prize</a>`);
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(endpoint)), page.click("#go")]);
    expect(answer.status()).toBe(403);
    expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain(TOKEN);
  });
});

describe("a squatter's form on another site", () => {
  it("plants no proof of the squatter's password in the owner's browser", async () => {
    const email = "planted@example.com";
    const squatter = new HttpClient(app.baseURL);
    expect(
      (await squatter.postJson("/api/auth/sign-up/email", { name: "Squatter", email, password: SQUATTER_PASSWORD }))
        .status,
    ).toBe(200);
    const { context, page } = await visitor();
    const endpoint = `${app.baseURL}/api/auth/sign-in/email`;
    await page.setContent(
      `<form id="f" method="post" action="${endpoint}"><input name="email" value="${email}"><input name="password" value="${SQUATTER_PASSWORD}"></form>`,
    );
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url() === endpoint),
      page.evaluate(() => (document.getElementById("f") as HTMLFormElement).submit()),
    ]);
    expect(answer.status()).toBe(403);
    // Let the post's own navigation finish, or it may cut short the next one.
    await page.waitForURL(endpoint);
    expect((await context.cookies()).map((cookie) => cookie.name).join(" ")).not.toContain("password_proof");
    // The owner then confirms in that browser: the squatter's password goes.
    await page.goto(linkOf(await mailbox.message(email, /Confirm your email/)));
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect
      .poll(() => page.locator("[data-form-notice]").textContent())
      .toContain("the password chosen there no longer works");
    expect((await signIn(email, SQUATTER_PASSWORD)).status).toBe(401);
  });
});
