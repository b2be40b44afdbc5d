/**
 * API keys in a real browser (Chromium), on next start and workerd, with real
 * mail: /account/api-keys reached from the account's section nav; an empty
 * name refused on its field; a key created by a session signed in long ago
 * after confirming it is you in place, shown once with a working copy
 * button, then used by a script (not the page) to call /api/v1/me; after a
 * reload only its start is left; revoked after a confirm step, after which
 * the script gets 401. The owner is mailed both times and sees both in their
 * activity. Screenshots go to test-results/screenshots.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_TARGET, type RunningApp, startApp } from "../support/app-server";
import { launchChromium, screenshot } from "../support/browser";
import { TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { HttpClient } from "../support/http-client";
import { type Mailbox, startMailbox } from "../support/mailbox";

const OWNER = { name: "Kim Keys", email: "kim@example.com" };
const IP = "198.51.100.81";

let app: RunningApp;
let db: TestDatabase;
let mailbox: Mailbox;
let browser: Browser;
let page: Page;
let key: string;

const fieldError = (name: string) => page.locator(`[data-field-error="${name}"]`);
const newKey = () => page.getByTestId("new-key");
/** A script elsewhere: its own address, no cookies, only the key. */
const script = () => new HttpClient(app.baseURL);

beforeAll(async () => {
  db = await createTestDatabase();
  mailbox = await startMailbox();
  app = await startApp({ databaseUrl: db.url, env: { ...mailbox.env(E2E_TARGET), EMAIL_VERIFICATION: "off" } });
  browser = await launchChromium();
  const context = await browser.newContext({
    baseURL: app.baseURL,
    extraHTTPHeaders: { "x-forwarded-for": IP, "cf-connecting-ip": IP },
  });
  // The copy button writes the clipboard; the test reads it back.
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.baseURL });
  context.setDefaultTimeout(10_000); // every wait is bounded, and says what it waited for
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await mailbox?.close();
});

describe("the API keys page", () => {
  it("is reached from the account's section nav after signing up, with no keys yet", async () => {
    await page.goto("/sign-up");
    await page.getByLabel("Name").fill(OWNER.name);
    await page.getByLabel("Email").fill(OWNER.email);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL("**/dashboard");
    await page.goto("/account");
    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "API keys" }).click();
    await page.waitForURL("**/account/api-keys");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("API keys");
    expect(await page.getByRole("link", { name: "/api/v1/openapi.json" }).getAttribute("href")).toBe(
      "/api/v1/openapi.json",
    );
    expect(await page.getByText("No keys yet.").isVisible()).toBe(true);
    await screenshot(page, "80-api-keys-empty");
  });

  it("puts a missing name's error on the field", async () => {
    await page.getByRole("button", { name: "Create key" }).click();
    await expect.poll(() => fieldError("name").textContent()).toContain("Name the key");
    await screenshot(page, "81-api-key-name-required");
  });
});

describe("creating a key", () => {
  it("asks a session signed in long ago to confirm it is you, then shows the key once", async () => {
    // A copied cookie must not mint a key: a key works without the password and outlives the session.
    await db.query(
      `update session set created_at = now() - interval '10 minutes' where user_id = (select id from "user" where email = $1)`,
      [OWNER.email],
    );
    await page.getByLabel("Name").fill("Nightly export");
    await page.getByLabel("Read only").check();
    await page.getByLabel("Expires").selectOption("30");
    await page.getByRole("button", { name: "Create key" }).click();
    const prompt = page.getByTestId("reauth-prompt");
    await prompt.getByLabel("Your password").fill(TEST_PASSWORD);
    await screenshot(page, "82-api-key-confirm-it-is-you");
    await prompt.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => newKey().count()).toBe(1);
    expect(await page.getByTestId("reauth-prompt").count()).toBe(0);
    key = await page.getByLabel("Your new key").inputValue();
    expect(key).toMatch(/^eg_r_[A-Za-z]{64}$/);
    expect(await newKey().textContent()).toContain("it will not be shown again");
    expect(await newKey().locator("code").textContent()).toBe(`curl -H "x-api-key: ${key}" ${app.baseURL}/api/v1/me`);
    expect(await page.getByLabel("Name").inputValue()).toBe(""); // ready for the next one
    await newKey().getByRole("button", { name: "Copy" }).click();
    await expect.poll(() => newKey().getByRole("button", { name: "Copied" }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await screenshot(page, "83-api-key-created");
    // Nowhere the browser keeps things: not the address, not a cookie.
    expect(page.url()).not.toContain(key.slice(5));
    expect(JSON.stringify(await page.context().cookies())).not.toContain(key.slice(5));
  });

  it("lets a script call the API as me with only the key, for reading", async () => {
    const me = await script().get("/api/v1/me", { "x-api-key": key });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { email: OWNER.email }, via: "key", scopes: ["read"] });
    const write = await script().request("/api/v1/me", {
      method: "PATCH",
      headers: { "x-api-key": key, "content-type": "application/json" },
      body: JSON.stringify({ name: "Not allowed" }),
    });
    expect(write.status).toBe(403);
  });

  it("mails the owner which key, when and from where, without the key", async () => {
    const mail = await mailbox.message(OWNER.email, /An API key was created/);
    expect(mail.text).toContain(`Starts with: ${key.slice(0, 9)}…`);
    expect(mail.text).toContain("Access: read only");
    expect(mail.text).toContain(`from ${IP}`);
    expect(mail.text).toContain(`${app.baseURL}/account/api-keys`);
    expect(mail.text + mail.html).not.toContain(key.slice(9));
  });

  it("is gone from the page after leaving it or reloading: the list shows its start, access and expiry", async () => {
    const nav = page.getByRole("navigation", { name: "Account" });
    await nav.getByRole("link", { name: "Profile" }).click();
    await page.waitForURL("**/account");
    await nav.getByRole("link", { name: "API keys" }).click();
    await page.waitForURL("**/account/api-keys");
    expect(await newKey().count()).toBe(0);
    await page.reload();
    expect(await newKey().count()).toBe(0);
    expect(await page.content()).not.toContain(key.slice(9));
    const row = page.locator(`[data-key-start="${key.slice(0, 9)}"]`);
    expect(await row.textContent()).toMatch(/Nightly export.*Read only.*expires .*last used/s);
    await screenshot(page, "84-api-keys-list");
  });
});

describe("revoking a key", () => {
  it("asks to confirm, then the key stops at once", async () => {
    const row = page.locator(`[data-key-start="${key.slice(0, 9)}"]`);
    await row.getByText("Revoke", { exact: true }).click();
    expect(await row.getByText("Everything using it stops working at once").isVisible()).toBe(true);
    await screenshot(page, "85-api-key-revoke-confirm");
    await row.getByRole("button", { name: "Revoke key" }).click();
    await expect.poll(() => page.locator("[data-form-notice]").textContent()).toContain("is revoked");
    expect(await page.getByText("No keys yet.").isVisible()).toBe(true);
    await screenshot(page, "86-api-key-revoked");
    const refused = await script().get("/api/v1/me", { "x-api-key": key });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("works before the page's scripts run", async () => {
    await page.goto("/account/api-keys");
    await page.getByLabel("Name").fill("Backup");
    await page.getByRole("button", { name: "Create key" }).click();
    await expect.poll(() => newKey().count()).toBe(1);
    const start = (await page.getByLabel("Your new key").inputValue()).slice(0, 9);
    const plain = await browser.newContext({ baseURL: app.baseURL, javaScriptEnabled: false });
    await plain.addCookies(await page.context().cookies());
    const noScript = await plain.newPage();
    await noScript.goto("/account/api-keys");
    const row = noScript.locator(`[data-key-start="${start}"]`);
    await row.getByText("Revoke", { exact: true }).click(); // a native disclosure
    await row.getByRole("button", { name: "Revoke key" }).click();
    await noScript.waitForURL(`**/account/api-keys?revoked=${start}`);
    expect(await noScript.locator("[data-form-notice]").textContent()).toContain(`Key ${start}… is revoked`);
    expect(await noScript.locator(`[data-key-start="${start}"]`).count()).toBe(0);
    await plain.close();
  });

  it("is mailed, and both changes show in the account's activity", async () => {
    const mail = await mailbox.message(OWNER.email, /An API key was revoked/);
    expect(mail.text).toContain(`Starts with: ${key.slice(0, 9)}…`);
    // Written after the responses: the page is read again until both are there.
    const activity = async () => {
      await page.goto("/account/security");
      return page.getByTestId("security-events").textContent();
    };
    await expect.poll(activity).toMatch(/API key revoked · Nightly export · eg_r_\w{4}… · read only · id \w+/);
    expect(await page.getByTestId("security-events").textContent()).toContain(
      `API key created · Nightly export · ${key.slice(0, 9)}… · read only`,
    );
  });
});

describe("an organization's keys", () => {
  it("are made by an owner on the organization's API keys page, act for the organization, and are revoked there", async () => {
    const created = await page.request.post("/api/auth/organization/create", {
      data: { name: "Keys Inc", slug: "keys-inc" },
      headers: { origin: app.baseURL },
    });
    expect(created.status()).toBe(200);
    await page.goto("/orgs/keys-inc");
    await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "API keys" }).click();
    await page.waitForURL("**/orgs/keys-inc/settings/api-keys");
    expect(await page.getByText("No keys yet.").isVisible()).toBe(true);
    await db.query(
      `update session set created_at = now() - interval '10 minutes' where user_id = (select id from "user" where email = $1)`,
      [OWNER.email],
    );
    await page.getByLabel("Name").fill("Billing sync");
    await page.getByLabel("Read and write").check();
    await page.getByRole("button", { name: "Create key" }).click();
    const prompt = page.getByTestId("reauth-prompt");
    await prompt.getByLabel("Your password").fill(TEST_PASSWORD);
    await prompt.getByRole("button", { name: "Confirm" }).click();
    await expect.poll(() => newKey().count()).toBe(1);
    const organizationKey = await page.getByLabel("Your new key").inputValue();
    expect(organizationKey).toMatch(/^eg_ow_[A-Za-z]{64}$/);
    await screenshot(page, "87-organization-api-key-created");
    const me = await script().get("/api/v1/me", { "x-api-key": organizationKey });
    expect(await me.json()).toMatchObject({ user: null, organization: { slug: "keys-inc" }, via: "key" });
    await page.reload();
    const row = page.locator(`[data-key-start="${organizationKey.slice(0, 10)}"]`);
    await row.getByText("Revoke", { exact: true }).click();
    await row.getByRole("button", { name: "Revoke key" }).click();
    await page.waitForURL(`**/orgs/keys-inc/settings/api-keys?revoked=${organizationKey.slice(0, 10)}`);
    await screenshot(page, "88-organization-api-key-revoked");
    expect((await script().get("/api/v1/me", { "x-api-key": organizationKey })).status).toBe(401);
    const activity = async () => {
      await page.goto("/orgs/keys-inc/activity");
      return page.getByTestId("organization-activity").textContent();
    };
    await expect.poll(activity).toContain("revoked the API key Billing sync");
  });
});
