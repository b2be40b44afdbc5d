/**
 * Accounts end to end over HTTP against the production build, on Postgres
 * through the Neon driver, with real mail: next start sends over SMTP and the
 * Worker through Resend's API (its local stand-in), both to a real SMTP
 * server the test reads. Links are followed from the delivered messages,
 * never read from the database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_TARGET, type RunningApp, startApp, startAppExpectingFailure } from "../support/app-server";
import { CACHE, TEST_PASSWORD, TOKEN } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { submitForm } from "../support/html-form";
import { HttpClient } from "../support/http-client";
import { linkOf, type Mailbox, startMailbox } from "../support/mailbox";

let db: TestDatabase;
let app: RunningApp;
let mailbox: Mailbox;
const NEW_PASSWORD = "a-brand-new-passphrase";

beforeAll(async () => {
  db = await createTestDatabase();
  mailbox = await startMailbox();
  app = await startApp({ databaseUrl: db.url, env: { ADMIN_EMAILS: "root@example.com", ...mailbox.env(E2E_TARGET) } });
});
afterAll(async () => {
  await app?.stop();
  await mailbox?.close();
});

function textOf(html: string, testId: string): string | undefined {
  return new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html)?.[1];
}

/** What the /verify-email page's button does with the token of an emailed link. */
async function confirmLink(client: HttpClient, link: string): Promise<Response> {
  const token = new URL(link).searchParams.get("token") ?? "";
  return client.get(`/api/auth/verify-email?token=${encodeURIComponent(token)}`);
}

async function signUpConfirmed(name: string, email: string): Promise<HttpClient> {
  const client = new HttpClient(app.baseURL);
  expect((await client.postJson("/api/auth/sign-up/email", { name, email, password: TEST_PASSWORD })).status).toBe(200);
  expect((await confirmLink(client, linkOf(await mailbox.message(email, /Confirm your email/)))).status).toBe(200);
  return client;
}

describe("sign-up with a confirmed address", () => {
  let annClient: HttpClient;
  const toAnn = () => mailbox.smtp.received.filter((mail) => mail.to.includes("ann@example.com"));

  it("signs nobody in, and mails a link to the app's confirm page", async () => {
    annClient = new HttpClient(app.baseURL);
    const response = await annClient.postJson("/api/auth/sign-up/email", {
      name: "Ann Lee",
      email: "ann@example.com",
      password: TEST_PASSWORD,
      callbackURL: "/account",
    });
    expect(response.status).toBe(200);
    expect(annClient.cookies.has(TOKEN)).toBe(false);
    const mail = await mailbox.message("ann@example.com", /Confirm your email for edgegate/);
    expect(mail.from).toBe("no-reply@edgegate.test");
    const link = new URL(linkOf(mail));
    expect(`${link.origin}${link.pathname}`).toBe(`${app.baseURL}/verify-email`);
    expect(link.searchParams.get("callbackUrl")).toBe("/account");
    expect(mail.html).toContain("Confirm my email");
    // Opening the page (what a mail scanner does) confirms nothing: it is the same static page for all.
    expect((await new HttpClient(app.baseURL).get(`${link.pathname}${link.search}`)).status).toBe(200);
    expect(await db.query(`select email_verified from "user" where email = 'ann@example.com'`)).toEqual([
      { email_verified: false },
    ]);
  });

  it("refuses to sign in until confirmed, and sends a fresh link when the password was right", async () => {
    const client = new HttpClient(app.baseURL);
    const response = await client.postJson("/api/auth/sign-in/email", {
      email: "ann@example.com",
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "EMAIL_NOT_VERIFIED" });
    expect(client.cookies.has(TOKEN)).toBe(false);
    await mailbox.smtp.waitFor(() => toAnn().length >= 2);
  });

  it("confirms with the emailed link, signs in, and renders the dashboard on the server", async () => {
    const links = toAnn().map(linkOf);
    const confirmed = await confirmLink(annClient, links.at(-1)!);
    expect(confirmed.status).toBe(200);
    expect([...annClient.cookies.keys()]).toEqual(expect.arrayContaining([TOKEN, CACHE]));
    const html = await (await annClient.get("/dashboard")).text();
    expect(textOf(html, "user-name")).toBe("Ann Lee");
    expect(textOf(html, "user-email")).toBe("ann@example.com");
    expect(html).toMatch(/data-testid="user-role"[^>]*><span[^>]*>user</);
    expect(textOf(html, "session-expires")).toMatch(/\d{4}, \d{2}:\d{2} UTC$/);
    // The older link now signs nobody in.
    const reuse = new HttpClient(app.baseURL);
    expect((await confirmLink(reuse, links[0]!)).status).toBe(200);
    expect(reuse.cookies.has(TOKEN)).toBe(false);
  });

  it("answers a sign-up for a taken address like any other, and tells the owner", async () => {
    const response = await new HttpClient(app.baseURL).postJson("/api/auth/sign-up/email", {
      name: "Impostor",
      email: "ANN@example.com",
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token: null, user: { email: "ann@example.com" } });
    const notice = await mailbox.message("ann@example.com", /Someone tried to create/);
    expect(notice.text).toContain("No new account was created");
  });

  it("refuses a wrong password with a clear error and sets no cookie", async () => {
    const client = new HttpClient(app.baseURL);
    const response = await client.postJson("/api/auth/sign-in/email", {
      email: "ann@example.com",
      password: "not-the-password",
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "INVALID_EMAIL_OR_PASSWORD" });
    expect(client.cookies.size).toBe(0);
  });

  it("signs in and reads the session from get-session and /api/me", async () => {
    const client = new HttpClient(app.baseURL);
    expect(
      (await client.postJson("/api/auth/sign-in/email", { email: "ann@example.com", password: TEST_PASSWORD })).status,
    ).toBe(200);
    const session = await (await client.get("/api/auth/get-session")).json();
    expect(session).toMatchObject({ user: { email: "ann@example.com", name: "Ann Lee", role: "user" } });
    const me = await client.get("/api/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: "ann@example.com", role: "user" });
  });

  it("changes the display name on /account through a server action, whose Set-Cookie refreshes the cache", async () => {
    const before = annClient.cookies.get(CACHE);
    const response = await submitForm(annClient, "/account", "Change display name", { name: "Ann Marie Lee" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Saved.");
    expect(annClient.cookies.get(CACHE)).not.toBe(before); // nextCookies() delivered the new cache
    expect(textOf(await (await annClient.get("/dashboard")).text(), "user-name")).toBe("Ann Marie Lee");
    const empty = await submitForm(annClient, "/account", "Change display name", { name: "   " });
    expect(await empty.text()).toMatch(/data-field-error="name"[^>]*>Enter your name\./);
    expect(await db.query(`select name from "user" where email = 'ann@example.com'`)).toEqual([
      { name: "Ann Marie Lee" },
    ]);
  });

  it("signs out through the header's server action (no JavaScript needed), clearing every auth cookie", async () => {
    const response = await submitForm(annClient, "/dashboard", "Sign out");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    const cleared = response.headers
      .getSetCookie()
      .filter((c) => /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c))
      .map((c) => c.split("=")[0]);
    expect(cleared).toEqual(expect.arrayContaining([TOKEN, CACHE]));
    expect(annClient.cookies.size).toBe(0);
    expect((await annClient.get("/dashboard")).headers.get("location")).toMatch(/\/sign-in\?callbackUrl=%2Fdashboard$/);
  });
});

describe("the admin role", () => {
  it("goes to an ADMIN_EMAILS address only once it is confirmed", async () => {
    const root = new HttpClient(app.baseURL);
    expect(
      (
        await root.postJson("/api/auth/sign-up/email", {
          name: "Root",
          email: "root@example.com",
          password: TEST_PASSWORD,
        })
      ).status,
    ).toBe(200);
    expect(await db.query(`select role from "user" where email = 'root@example.com'`)).toEqual([{ role: "user" }]);
    expect(
      (await confirmLink(root, linkOf(await mailbox.message("root@example.com", /Confirm your email/)))).status,
    ).toBe(200);
    expect(await db.query(`select role from "user" where email = 'root@example.com'`)).toEqual([{ role: "admin" }]);
    // The page checks the role in the database; the gate's cache may still say "user" for one window.
    root.cookies.delete(CACHE);
    const page = await root.get("/admin");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("ann@example.com");
    const plain = new HttpClient(app.baseURL);
    expect(
      (await plain.postJson("/api/auth/sign-in/email", { email: "ann@example.com", password: TEST_PASSWORD })).status,
    ).toBe(200);
    expect((await plain.get("/admin")).status).toBe(403);
  });
});

describe("password reset", () => {
  it("answers identically for an existing and an unknown address", async () => {
    const existing = await new HttpClient(app.baseURL).postJson("/api/auth/request-password-reset", {
      email: "ann@example.com",
    });
    const unknown = await new HttpClient(app.baseURL).postJson("/api/auth/request-password-reset", {
      email: "nobody@example.com",
    });
    expect([existing.status, await existing.text()]).toEqual([unknown.status, await unknown.text()]);
  });

  it("sets the new password from the emailed link and ends every session", async () => {
    const laptop = new HttpClient(app.baseURL);
    expect(
      (await laptop.postJson("/api/auth/sign-in/email", { email: "ann@example.com", password: TEST_PASSWORD })).status,
    ).toBe(200);
    const link = new URL(linkOf(await mailbox.message("ann@example.com", /Reset your edgegate password/)));
    expect(`${link.origin}${link.pathname}`).toBe(`${app.baseURL}/reset-password`);
    const reset = await new HttpClient(app.baseURL).postJson("/api/auth/reset-password", {
      token: link.searchParams.get("token"),
      newPassword: NEW_PASSWORD,
    });
    expect(reset.status).toBe(200);
    // The laptop's next fresh request is refused; its cached pages end within one window.
    expect((await laptop.get("/account/security")).status).toBe(307);
    const client = new HttpClient(app.baseURL);
    expect(
      (await client.postJson("/api/auth/sign-in/email", { email: "ann@example.com", password: NEW_PASSWORD })).status,
    ).toBe(200);
    await mailbox.message("ann@example.com", /password was changed/);
  });
});

describe("email change and deletion", () => {
  it("mails the new address, tells the old one, and changes only once the link is used", async () => {
    const bob = await signUpConfirmed("Bob", "bob@example.com");
    const response = await submitForm(bob, "/account", "Change email address", { newEmail: "robert@example.com" });
    expect(await response.text()).toContain("We sent a link to");
    expect((await mailbox.message("bob@example.com", /email address is being changed/)).text).toContain(
      "robert@example.com",
    );
    const link = linkOf(await mailbox.message("robert@example.com", /Confirm your new email/));
    expect(await db.query(`select email from "user" where name = 'Bob'`)).toEqual([{ email: "bob@example.com" }]);
    expect((await confirmLink(bob, link)).status).toBe(200);
    expect(await db.query(`select email from "user" where name = 'Bob'`)).toEqual([{ email: "robert@example.com" }]);
  });

  it("deletes an account with its password, signs out and says so by mail", async () => {
    const carol = await signUpConfirmed("Carol", "carol@example.com");
    const wrong = await submitForm(carol, "/account/security", "Delete account", {
      password: "not-the-password",
      understood: "on",
    });
    expect(await wrong.text()).toMatch(/data-field-error="password"[^>]*>That password is not right\./);
    const deleted = await submitForm(carol, "/account/security", "Delete account", {
      password: TEST_PASSWORD,
      understood: "on",
    });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe("/account-deleted");
    expect(carol.cookies.has(TOKEN)).toBe(false);
    expect(await db.query(`select count(*)::int as n from "user" where email = 'carol@example.com'`)).toEqual([
      { n: 0 },
    ]);
    await mailbox.message("carol@example.com", /account was deleted/);
  });
});

describe("limits on the endpoints that send mail", () => {
  it("allows three reset requests a minute from one address", async () => {
    const client = new HttpClient(app.baseURL);
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await client.postJson("/api/auth/request-password-reset", { email: "ann@example.com" })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const resend = new HttpClient(app.baseURL);
    const again = [];
    for (let i = 0; i < 4; i++)
      again.push((await resend.postJson("/api/auth/send-verification-email", { email: "x@example.com" })).status);
    expect(again).toEqual([200, 200, 200, 429]);
  });
});

describe.runIf(E2E_TARGET === "next")("[next start] production start-up", () => {
  it.each([
    ["a missing secret", { BETTER_AUTH_SECRET: undefined }, /BETTER_AUTH_SECRET is not set/],
    [
      "a short secret",
      { BETTER_AUTH_SECRET: "short-secret" },
      /BETTER_AUTH_SECRET is too short \(12 characters; at least 32 required\)/,
    ],
    ["no DATABASE_URL", { DATABASE_URL: undefined }, /DATABASE_URL is not set/],
    [
      "no mail transport while email verification is on",
      { SMTP_URL: undefined },
      /no mail transport is set.*SMTP_URL.*RESEND_API_KEY/,
    ],
  ])("stops with a message naming the variable for %s", async (_case, env, message) => {
    const { code, output } = await startAppExpectingFailure({
      databaseUrl: db.url,
      env: { ...mailbox.env("next"), ...env },
    });
    expect(code).toBe(1);
    expect(output).toMatch(message);
  });
});

describe.runIf(E2E_TARGET === "workerd")("[workerd] npm run preview:cf start-up", () => {
  it.each([
    ["a short secret", { BETTER_AUTH_SECRET: "short-secret" }, /BETTER_AUTH_SECRET is too short/],
    ["no DATABASE_URL", { DATABASE_URL: undefined }, /DATABASE_URL is not set/],
    [
      "SMTP, which a Worker cannot use",
      { RESEND_API_KEY: undefined, SMTP_URL: "smtp://127.0.0.1:25" },
      /a Worker cannot open SMTP connections/,
    ],
  ])("refuses to start with a message naming the variable for %s", async (_case, env, message) => {
    const { code, output } = await startAppExpectingFailure({
      databaseUrl: db.url,
      env: { ...mailbox.env("workerd"), ...env },
    });
    expect(code).toBe(1);
    expect(output).toMatch(message);
  });
});
