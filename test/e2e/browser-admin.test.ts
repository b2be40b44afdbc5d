/**
 * The admin console and the security log in a real browser (Chromium), on
 * next start and workerd: finding a user, changing a role, banning (with a
 * confirmation) and what the banned person then meets, unbanning, revoking
 * sessions, an admin's own limits, the log as an admin filters it and as a
 * person reads their own; then the scheduled clean-up, called as a scheduler
 * would on each platform. Screenshots go to test-results/screenshots.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_TARGET, type RunningApp, startApp } from "../support/app-server";
import { launchChromium, screenshot } from "../support/browser";
import { TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { HttpClient } from "../support/http-client";

const CRON_SECRET = "edgegate-test-cron-secret-0123456789";
let db: TestDatabase;
let app: RunningApp;
let browser: Browser;
let adminContext: BrowserContext;
let admin: Page;
let visitors = 0;

async function visitor(): Promise<BrowserContext> {
  const ip = `198.51.100.${100 + ++visitors}`;
  const context = await browser.newContext({
    baseURL: app.baseURL,
    extraHTTPHeaders: { "x-forwarded-for": ip, "cf-connecting-ip": ip },
  });
  context.setDefaultTimeout(10_000);
  return context;
}

async function signIn(page: Page, email: string, path: string): Promise<void> {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

const notice = (page: Page) => page.locator("[data-form-notice]");
const alert = (page: Page) => page.locator("[data-form-error]");

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApp({ databaseUrl: db.url, env: { EMAIL_VERIFICATION: "off", CRON_SECRET } });
  for (const [name, email] of [
    ["Root", "root@example.com"],
    ["Tess Target", "tess@example.com"],
  ]) {
    const client = new HttpClient(app.baseURL);
    expect((await client.postJson("/api/auth/sign-up/email", { name, email, password: TEST_PASSWORD })).status).toBe(
      200,
    );
  }
  await db.query(`update "user" set role = 'admin' where email = 'root@example.com'`);
  browser = await launchChromium();
  adminContext = await visitor();
  admin = await adminContext.newPage();
  await signIn(admin, "root@example.com", "/admin");
  await admin.waitForURL("**/admin");
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("the admin console", () => {
  let target: Page;

  it("finds a user by part of a name or address", async () => {
    target = await (await visitor()).newPage();
    await signIn(target, "tess@example.com", "/account/security");
    await target.waitForURL("**/account/security");
    await admin.getByLabel("Email or name").fill("target");
    await admin.getByRole("button", { name: "Search" }).click();
    await admin.waitForURL("**/admin?q=target");
    const rows = admin.getByTestId("users-table").locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(1);
    await screenshot(admin, "50-admin-search");
    await rows.getByRole("link", { name: "Tess Target" }).click();
    await admin.waitForURL("**/admin/users/**");
    await expect.poll(() => admin.getByTestId("user-methods").textContent()).toBe("password");
    // The session its sign-up started, and the browser's.
    await expect.poll(() => admin.getByTestId("user-sessions").locator("li").count()).toBe(2);
    await screenshot(admin, "51-admin-user");
  });

  it("asks for a confirmation before a ban, then ends every session of the user", async () => {
    await admin.getByLabel("Reason (shown in the log, not to them)").fill("spam");
    await admin.getByRole("button", { name: "Ban", exact: true }).click();
    await expect.poll(() => alert(admin).first().textContent()).toBe("Tick the box to confirm.");
    expect(await admin.getByLabel("Reason (shown in the log, not to them)").inputValue()).toBe("spam");
    await admin.getByLabel("I understand that this signs them out everywhere").check();
    await admin.getByRole("button", { name: "Ban", exact: true }).click();
    await expect.poll(() => notice(admin).first().textContent()).toContain("Banned for 7 days");
    expect(await notice(admin).first().textContent()).toContain("within 5 minutes");
    await expect.poll(() => admin.getByTestId("user-status").textContent()).toContain("banned");
    await screenshot(admin, "52-admin-banned");
    // The banned person: their fresh page refuses them at once, and signing in says why.
    await target.goto("/account/security");
    await target.waitForURL("**/sign-in?callbackUrl=%2Faccount%2Fsecurity");
    await signIn(target, "tess@example.com", "/dashboard");
    await expect.poll(() => alert(target).first().textContent()).toContain("suspended");
    await screenshot(target, "53-banned-sign-in");
  });

  it("unbans, after which the user signs in again", async () => {
    await admin.getByRole("button", { name: "Unban" }).click();
    await expect.poll(() => notice(admin).first().textContent()).toContain("Unbanned");
    await signIn(target, "tess@example.com", "/account/security");
    await target.waitForURL("**/account/security");
  });

  it("changes the role, and revokes every session after a confirmation", async () => {
    await admin.reload();
    await admin.getByLabel("Role", { exact: true }).selectOption("admin");
    await admin.getByRole("button", { name: "Save role" }).click();
    await expect.poll(() => admin.getByTestId("user-role").textContent()).toBe("admin");
    await admin.getByRole("button", { name: "Revoke all sessions" }).click();
    await expect.poll(() => alert(admin).first().textContent()).toBe("Tick the box to confirm.");
    await admin.getByLabel("I understand that this signs them out on every device").check();
    await admin.getByRole("button", { name: "Revoke all sessions" }).click();
    await expect.poll(() => notice(admin).first().textContent()).toContain("Every session of this account has ended");
    await target.goto("/account/security");
    await target.waitForURL("**/sign-in?callbackUrl=%2Faccount%2Fsecurity");
  });

  it("does not let an admin remove their own role or ban themselves", async () => {
    await admin.goto("/admin?q=root");
    await admin.getByRole("link", { name: "Root" }).click();
    await admin.waitForURL("**/admin/users/**");
    expect(await admin.getByText("an admin cannot remove their own admin role").isVisible()).toBe(true);
    expect(await admin.getByText("an admin cannot ban themselves").isVisible()).toBe(true);
    await screenshot(admin, "54-admin-self");
  });

  it("is not there for anyone else", async () => {
    const client = new HttpClient(app.baseURL);
    const body = { name: "Nobody", email: "nobody@example.com", password: TEST_PASSWORD };
    expect((await client.postJson("/api/auth/sign-up/email", body)).status).toBe(200);
    for (const path of ["/admin", "/admin/security-log", "/admin/users/anything"])
      expect((await client.get(path)).status, path).toBe(403);
  });
});

describe("the security log", () => {
  it("lets an admin filter every event by address and outcome", async () => {
    await admin.goto("/admin/security-log");
    await admin.getByLabel("Email, user id or organization id").fill("tess@example.com");
    await admin.getByLabel("Outcome").selectOption("failure");
    await admin.getByRole("button", { name: "Show" }).click();
    const events = admin.getByTestId("security-events").locator("li");
    await expect.poll(() => events.count()).toBeGreaterThan(0);
    for (const text of await events.allTextContents()) expect(text).toContain("Failed sign-in");
    expect(await events.first().textContent()).toContain("BANNED_USER");
    await admin.getByLabel("Outcome").selectOption("");
    await admin.getByLabel("Event").selectOption("user-banned");
    await admin.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => events.first().textContent()).toContain("Banned · spam · by an admin");
    await screenshot(admin, "55-security-log");
  });

  it("shows people their own recent activity", async () => {
    const page = await (await visitor()).newPage();
    await signIn(page, "tess@example.com", "/account/security");
    await page.waitForURL("**/account/security");
    const text = (await page.getByTestId("security-events").textContent()) ?? "";
    for (const expected of ["Signed in with password", "Banned", "Unbanned", "Role changed", "Failed sign-in"])
      expect(text).toContain(expected);
    await screenshot(page, "56-own-activity");
  });
});

describe("the scheduled clean-up", () => {
  const oldEvent = () =>
    db.query(
      `insert into security_event (id, created_at, type, success, email) values ('ancient', now() - interval '100 days', 'sign-in', true, 'old@example.com')`,
    );
  const stillThere = async () => (await db.query(`select 1 from security_event where id = 'ancient'`)).length > 0;

  it("refuses a call without the secret", async () => {
    const client = new HttpClient(app.baseURL);
    expect((await client.get("/api/cron/housekeeping")).status).toBe(401);
    expect(
      (await client.get("/api/cron/housekeeping", { authorization: "Bearer wrong-secret-0123456789" })).status,
    ).toBe(401);
  });

  it("removes events older than the retention period when the platform's scheduler runs it", async () => {
    await oldEvent();
    if (E2E_TARGET === "workerd") {
      // wrangler's --test-scheduled: runs the Worker's Cron Trigger handler (worker.ts).
      expect((await fetch(`${app.baseURL}/__scheduled?cron=17+3+*+*+*`)).status).toBe(200);
    } else {
      // Vercel Cron and any other scheduler call the route with the secret.
      const response = await new HttpClient(app.baseURL).get("/api/cron/housekeeping", {
        authorization: `Bearer ${CRON_SECRET}`,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ securityEvents: 1 });
    }
    for (let waited = 0; (await stillThere()) && waited < 5000; waited += 250)
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await stillThere()).toBe(false);
    expect((await db.query(`select 1 from security_event`)).length).toBeGreaterThan(0);
  });
});
