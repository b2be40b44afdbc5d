/**
 * Bots and breached passwords in a real browser (Chromium), against the
 * production build on next start and on workerd (issue 20). Turnstile's
 * widget is a stand-in served in place of Cloudflare's script
 * (test/support/turnstile-widget.ts) whose tokens the siteverify stand-in
 * mints and redeems once, so the server's verdicts are real; breached
 * passwords come from the Pwned Passwords stand-in. A person signs up,
 * signs in and asks for mail through the widget; a refused token and a
 * failed widget are explained; breached passwords are refused with a reason
 * at sign-up, reset and change; the rule is on screen before typing; and
 * passkey autofill still signs in beside the widget. Screenshots 90–99.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKING_LABEL } from "@/app/components/turnstile/use-turnstile";
import { CAPTCHA_HEADER } from "@/lib/shared/auth/turnstile";
import { PASSWORD_RULE } from "@/lib/shared/auth/validation";
import type { TurnstileStandIn } from "../../stand-ins/turnstile";
import type { RunningApp } from "../support/app-server";
import { BREACHED_PASSWORD, type DefendedApp, startDefendedApp } from "../support/bot-defence";
import { addPlatformAuthenticator, launchChromium, screenshot } from "../support/browser";
import { TEST_PASSWORD } from "../support/constants";
import { HttpClient } from "../support/http-client";
import { linkOf, type Mailbox } from "../support/mailbox";
import { serveTurnstileWidget, type TurnstileWidgetStandIn } from "../support/turnstile-widget";

let mailbox: Mailbox;
let siteverify: TurnstileStandIn;
let app: RunningApp;
let defended: DefendedApp;
let browser: Browser;

const NOT_A_PERSON = "We could not confirm you are a person";

beforeAll(async () => {
  defended = await startDefendedApp();
  ({ mailbox, siteverify, app } = defended);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await defended?.stop();
});

let visitors = 0;
/** A browser profile with its own address, served the stand-in widget. */
async function visitor(): Promise<{ context: BrowserContext; page: Page; widget: TurnstileWidgetStandIn }> {
  const ip = `198.51.100.${++visitors}`;
  const context = await browser.newContext({
    baseURL: app.baseURL,
    extraHTTPHeaders: { "x-forwarded-for": ip, "cf-connecting-ip": ip },
  });
  context.setDefaultTimeout(10_000);
  const widget = await serveTurnstileWidget(context, siteverify);
  return { context, page: await context.newPage(), widget };
}

/** An account with a confirmed address and the test password, made over HTTP with a token. */
async function confirmedAccount(email: string): Promise<void> {
  const client = new HttpClient(app.baseURL);
  const signUp = await client.request("/api/auth/sign-up/email", {
    method: "POST",
    headers: { "content-type": "application/json", [CAPTCHA_HEADER]: siteverify.issue() },
    body: JSON.stringify({ name: "Person", email, password: TEST_PASSWORD }),
  });
  expect(signUp.status).toBe(200);
  const token = new URL(linkOf(await mailbox.message(email, /Confirm your email/))).searchParams.get("token");
  expect((await client.get(`/api/auth/verify-email?token=${token}`)).status).toBe(200);
}

/** The widget of the form for `action` has its token. */
async function widgetReady(page: Page, action: string): Promise<void> {
  await expect.poll(() => page.locator(`[data-turnstile-stand-in="${action}"]`).textContent()).toBe("Success!");
}

const fieldError = (page: Page, name: string) => page.locator(`[data-field-error="${name}"]`);
const formError = (page: Page) => page.locator("[data-form-error]");

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in?callbackUrl=%2Fdashboard");
  await widgetReady(page, "sign-in");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL("**/dashboard");
}

describe("a person signs up through the widget", () => {
  const email = "pat@example.com";
  let page: Page;
  let widget: TurnstileWidgetStandIn;

  beforeAll(async () => ({ page, widget } = await visitor()));

  it("sees the rule before typing, and the widget appears in its slot without moving the button", async () => {
    widget.scriptDelayMs = 1500; // Cloudflare's script arrives after the page, as it does on a real network
    await page.goto("/sign-up");
    await page.locator("[data-turnstile-slot]").waitFor();
    expect(await page.getByText(PASSWORD_RULE).isVisible()).toBe(true);
    const button = page.getByRole("button", { name: "Create account" });
    const before = await button.boundingBox();
    expect(await page.locator("[data-turnstile-stand-in]").count()).toBe(0);
    await widgetReady(page, "sign-up");
    expect(await button.boundingBox()).toEqual(before);
    widget.scriptDelayMs = 0;
    await screenshot(page, "90-turnstile-widget-sign-up");
  });

  it("signs up with the widget's token, and can send the link again through another", async () => {
    await page.getByLabel("Name").fill("Pat");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.getByTestId("check-inbox").textContent()).toContain(`We sent a link to ${email}`);
    await mailbox.message(email, /Confirm your email/);
    const signUpToken = widget.issued.find(({ action }) => action === "sign-up")?.token;
    expect(siteverify.requests.some(({ fields }) => fields.response === signUpToken)).toBe(true);
    await widgetReady(page, "resend-verification");
    await page.getByRole("button", { name: "Send the link again" }).click();
    await expect.poll(() => page.getByRole("status").last().textContent()).toBe(`We sent another link to ${email}.`);
    await mailbox.smtp.waitFor(
      () =>
        mailbox.smtp.received.filter((mail) => mail.to.includes(email) && /Confirm your email/.test(mail.subject))
          .length >= 2,
    );
    await screenshot(page, "91-turnstile-sign-up-check-inbox");
  });

  it("refuses a breached password with the reason, on the password field", async () => {
    const { page: other } = await visitor();
    await other.goto("/sign-up");
    await widgetReady(other, "sign-up");
    await other.getByLabel("Name").fill("Lee");
    await other.getByLabel("Email").fill("lee@example.com");
    await other.getByLabel("Password").fill(BREACHED_PASSWORD);
    await other.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => fieldError(other, "password").textContent()).toContain("known data breaches");
    await screenshot(other, "92-breached-password-sign-up");
    // A fresh token was fetched for the next try: a better password goes through.
    await widgetReady(other, "sign-up");
    await other.getByLabel("Password").fill("lee-has-a-better-passphrase");
    await other.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => other.getByTestId("check-inbox").textContent()).toContain("We sent a link to lee@");
  });
});

describe("on a phone", () => {
  it("keeps the widget (300 px at least) inside the form on a 360 px screen", async () => {
    const { page } = await visitor();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto("/sign-up");
    await widgetReady(page, "sign-up");
    const widget = (await page.locator('[data-turnstile-stand-in="sign-up"]').boundingBox())!;
    const form = (await page.getByRole("form", { name: "Create account" }).boundingBox())!;
    expect(widget.width).toBeGreaterThanOrEqual(300);
    expect(widget.x).toBeGreaterThanOrEqual(form.x);
    expect(widget.x + widget.width).toBeLessThanOrEqual(form.x + form.width);
    await screenshot(page, "99-turnstile-widget-phone");
  });
});

describe("a refused token and a failed widget", () => {
  const email = "ray@example.com";

  beforeAll(() => confirmedAccount(email));

  it("shows the refusal, and each later try gets a fresh token: a wrong password, then the right one", async () => {
    const { page, widget } = await visitor();
    widget.outcome = "refused"; // a token siteverify never issued, as a bot's forged one
    await page.goto("/sign-in?callbackUrl=%2Fdashboard");
    await widgetReady(page, "sign-in");
    widget.outcome = "pass";
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect.poll(() => formError(page).textContent()).toContain(NOT_A_PERSON);
    await screenshot(page, "93-captcha-refused");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect.poll(() => fieldError(page, "password").textContent()).toBe("Email or password is incorrect.");
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL("**/dashboard");
    expect(widget.issued.filter(({ action }) => action === "sign-in").length).toBeGreaterThanOrEqual(3);
  });

  it("waits for a token not there yet when pressed, saying so, rather than refusing the press", async () => {
    const { page, widget } = await visitor();
    widget.scriptDelayMs = 2500;
    await page.goto("/sign-in?callbackUrl=%2Fdashboard");
    await page.locator("[data-turnstile-slot]").waitFor();
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    const button = page.locator('button[type="submit"]');
    await button.click();
    await expect.poll(() => button.textContent()).toBe(CHECKING_LABEL);
    await screenshot(page, "93b-checking-you-are-a-person");
    await page.waitForURL("**/dashboard");
  });

  it("waits too when pressed before the page knows Turnstile is on", async () => {
    const { context, page } = await visitor();
    await context.route("**/api/sign-in-methods", async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await route.continue();
    });
    await page.goto("/sign-in?callbackUrl=%2Fdashboard");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    const button = page.locator('button[type="submit"]');
    await button.click();
    await expect.poll(() => button.textContent()).toBe(CHECKING_LABEL);
    expect(await page.locator("[data-turnstile-slot]").count()).toBe(0);
    await page.waitForURL("**/dashboard");
  });

  it("asks for a sign-in link through the link form's own widget", async () => {
    const { page } = await visitor();
    await page.goto("/sign-in");
    await widgetReady(page, "sign-in");
    await page.getByRole("button", { name: "Email me a sign-in link instead" }).click();
    await widgetReady(page, "magic-link");
    expect(await page.locator('[data-turnstile-stand-in="sign-in"]').count()).toBe(0);
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link", exact: true }).click();
    await expect
      .poll(() => page.locator("[data-form-notice]").textContent())
      .toContain(`We sent a sign-in link to ${email}`);
    await mailbox.message(email, /sign-in link/);
  });

  it("says so when the widget fails, and sends nothing", async () => {
    const { page, widget } = await visitor();
    widget.outcome = "error";
    const sent: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/auth/request-password-reset")) sent.push(request.url());
    });
    await page.goto("/forgot-password");
    await expect.poll(() => page.locator('[data-turnstile-stand-in="forgot-password"]').textContent()).toBe("Error");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expect.poll(() => formError(page).textContent()).toContain(NOT_A_PERSON);
    expect(sent).toEqual([]);
    await screenshot(page, "94-captcha-widget-failed");
  });
});

describe("breached passwords at reset and change", () => {
  const email = "sam@example.com";
  let page: Page;

  beforeAll(async () => {
    await confirmedAccount(email);
    ({ page } = await visitor());
  });

  it("refuses one at reset with the reason on the new-password field, and the link still works", async () => {
    await page.goto("/forgot-password");
    await widgetReady(page, "forgot-password");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expect
      .poll(() => page.locator("[data-form-notice]").textContent())
      .toContain(`If an account exists for ${email}`);
    await page.goto(linkOf(await mailbox.message(email, /Reset your edgegate password/)));
    expect(await page.getByText(PASSWORD_RULE).isVisible()).toBe(true);
    await page.getByLabel("New password", { exact: true }).fill(BREACHED_PASSWORD);
    await page.getByLabel("New password, again").fill(BREACHED_PASSWORD);
    await page.getByRole("button", { name: "Save the new password" }).click();
    await expect.poll(() => fieldError(page, "newPassword").textContent()).toContain("known data breaches");
    await screenshot(page, "95-breached-password-reset");
    await page.getByLabel("New password", { exact: true }).fill("sam-chose-a-fresh-passphrase");
    await page.getByLabel("New password, again").fill("sam-chose-a-fresh-passphrase");
    await page.getByRole("button", { name: "Save the new password" }).click();
    await expect.poll(() => page.locator("[data-form-notice]").textContent()).toContain("Your password is changed");
  });

  it("refuses one at a change on the new-password field, not as a wrong current password", async () => {
    await signIn(page, email, "sam-chose-a-fresh-passphrase");
    await page.goto("/account/security");
    const form = page.getByRole("form", { name: "Change password" });
    expect(await form.getByText(PASSWORD_RULE).isVisible()).toBe(true);
    await form.getByLabel("Current password").fill("sam-chose-a-fresh-passphrase");
    await form.getByLabel("New password").fill(BREACHED_PASSWORD);
    await form.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => fieldError(page, "newPassword").textContent()).toContain("known data breaches");
    expect(await fieldError(page, "currentPassword").count()).toBe(0);
    await screenshot(page, "96-breached-password-change");
  });
});

describe("passkeys beside the widget", () => {
  const email = "kim@example.com";

  it("autofill signs in on the sign-in page with the widget present, with no token", async () => {
    await confirmedAccount(email);
    const { context, page } = await visitor();
    await addPlatformAuthenticator(context, page);
    await signIn(page, email, TEST_PASSWORD);
    await page.goto("/account/security");
    await page.getByLabel("Name for the new passkey").fill("Test laptop");
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await expect.poll(() => page.locator("[data-form-notice]").textContent()).toContain('Added "Test laptop"');
    await page.goto("/dashboard");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/");

    const passkeyCalls: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/auth/passkey/")) passkeyCalls.push(request.headers()[CAPTCHA_HEADER] ?? "none");
    });
    await page.goto("/sign-in?callbackUrl=%2Fdashboard");
    await widgetReady(page, "sign-in");
    await screenshot(page, "97-sign-in-widget-and-passkey-autofill");
    // Focus offers saved passkeys (conditional UI); the virtual authenticator picks the one it has.
    await page.getByLabel("Email", { exact: true }).focus();
    await page.waitForURL("**/dashboard");
    expect(passkeyCalls.length).toBeGreaterThan(0);
    expect(passkeyCalls.every((header) => header === "none")).toBe(true);
    await screenshot(page, "98-passkey-autofill-signed-in");
  });
});
