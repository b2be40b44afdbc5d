/**
 * The foundation, end to end over HTTP against the production build
 * (`next start`), on Postgres through the Neon driver and its local stand-in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_TARGET, type RunningApp, startApp, startAppExpectingFailure } from "../support/app-server";
import { CACHE, TEST_PASSWORD, TOKEN } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { submitForm } from "../support/html-form";
import { HttpClient } from "../support/http-client";

let db: TestDatabase;
let app: RunningApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApp({ databaseUrl: db.url, env: { ADMIN_EMAILS: "root@example.com" } });
});
afterAll(() => app?.stop());

function textOf(html: string, testId: string): string | undefined {
  return new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html)?.[1];
}

describe("accounts", () => {
  const ann = () => new HttpClient(app.baseURL);
  let annClient: HttpClient;

  it("signs up, sets the session cookies and renders the dashboard on the server", async () => {
    annClient = ann();
    const response = await annClient.postJson("/api/auth/sign-up/email", {
      name: "Ann Lee",
      email: "ann@example.com",
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(200);
    expect([...annClient.cookies.keys()]).toEqual(expect.arrayContaining([TOKEN, CACHE]));
    const page = await annClient.get("/dashboard");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(textOf(html, "user-name")).toBe("Ann Lee");
    expect(textOf(html, "user-email")).toBe("ann@example.com");
    expect(html).toMatch(/data-testid="user-role"[^>]*><span[^>]*>user</);
    expect(textOf(html, "session-expires")).toMatch(/\d{4}, \d{2}:\d{2} UTC$/);
  });

  it("refuses a duplicate email with a clear error", async () => {
    const response = await new HttpClient(app.baseURL).postJson("/api/auth/sign-up/email", {
      name: "Ann",
      email: "ANN@example.com",
      password: TEST_PASSWORD,
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      code: "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
      message: expect.stringMatching(/already exists/),
    });
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
    expect(session).toMatchObject({
      user: { email: "ann@example.com", name: "Ann Lee", role: "user" },
      session: { userId: expect.any(String) },
    });
    const me = await client.get("/api/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: "ann@example.com", role: "user" });
  });

  it("changes the display name through a server action, whose Set-Cookie refreshes the cache", async () => {
    const before = annClient.cookies.get(CACHE);
    const response = await submitForm(annClient, "/dashboard", "Change display name", { name: "Ann Marie Lee" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Saved.");
    expect(annClient.cookies.get(CACHE)).not.toBe(before); // nextCookies() delivered the new cache
    const html = await (await annClient.get("/dashboard")).text();
    expect(textOf(html, "user-name")).toBe("Ann Marie Lee");
    expect(await db.query(`select name from "user" where email = 'ann@example.com'`)).toEqual([
      { name: "Ann Marie Lee" },
    ]);
  });

  it("keeps the old name and shows a field error for an empty name", async () => {
    const response = await submitForm(annClient, "/dashboard", "Change display name", { name: "   " });
    const html = await response.text();
    expect(html).toMatch(/data-field-error="name"[^>]*>Enter your name\./);
    expect(await db.query(`select name from "user" where email = 'ann@example.com'`)).toEqual([
      { name: "Ann Marie Lee" },
    ]);
  });

  it("shows /admin to an admin (from ADMIN_EMAILS) and refuses a user", async () => {
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
    const page = await root.get("/admin");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("ann@example.com");
    expect(html).toContain("root@example.com");
    expect((await annClient.get("/admin")).status).toBe(403);
  });

  it("signs out through a server action that clears every auth cookie", async () => {
    const response = await submitForm(annClient, "/dashboard", "Sign out");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    const cleared = response.headers
      .getSetCookie()
      .filter((c) => /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c))
      .map((c) => c.split("=")[0]);
    expect(cleared).toEqual(expect.arrayContaining([TOKEN, CACHE]));
    expect(annClient.cookies.size).toBe(0);
    const dashboard = await annClient.get("/dashboard");
    expect(dashboard.status).toBe(307);
    expect(dashboard.headers.get("location")).toMatch(/\/sign-in\?callbackUrl=%2Fdashboard$/);
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
  ])("stops with a message naming the variable for %s", async (_case, env, message) => {
    const { code, output } = await startAppExpectingFailure({ databaseUrl: db.url, env });
    expect(code).toBe(1);
    expect(output).toMatch(message);
  });
});

describe.runIf(E2E_TARGET === "workerd")("[workerd] npm run preview:cf start-up", () => {
  it.each([
    ["a short secret", { BETTER_AUTH_SECRET: "short-secret" }, /BETTER_AUTH_SECRET is too short/],
    ["no DATABASE_URL", { DATABASE_URL: undefined }, /DATABASE_URL is not set/],
  ])("refuses to start with a message naming the variable for %s", async (_case, env, message) => {
    const { code, output } = await startAppExpectingFailure({ databaseUrl: db.url, env });
    expect(code).toBe(1);
    expect(output).toMatch(message);
  });
});
