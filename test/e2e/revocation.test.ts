/**
 * The attack that kept a revoked session alive, replayed over HTTP against
 * the production build: a stolen session, revoked by its owner, tries to keep
 * itself valid through Better Auth's update-user (which used to sign a new
 * cache from the old one) while it still holds a valid signed cache. With a
 * 10-second cache window it must be refused everywhere once that window ends,
 * and refused at once by everything that acts or reveals data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { CACHE, TEST_PASSWORD, TOKEN } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { submitForm } from "../support/html-form";
import { HttpClient } from "../support/http-client";

const WINDOW_SECONDS = 10;
let db: TestDatabase;
let app: RunningApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApp({
    databaseUrl: db.url,
    env: { EMAIL_VERIFICATION: "off", SESSION_CACHE_MAX_AGE: String(WINDOW_SECONDS) },
  });
});
afterAll(() => app?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nameInDatabase = async () =>
  (await db.query<{ name: string }>(`select name from "user" where email = 'victim@example.com'`))[0]?.name;

function copyOf(client: HttpClient): HttpClient {
  const copy = new HttpClient(client.baseURL, client.ip);
  for (const [name, value] of client.cookies) copy.cookies.set(name, value);
  return copy;
}

describe("a stolen session after its owner revoked it", () => {
  it("cannot keep itself alive, act or read, and ends within one cache window; the owner carries on", async () => {
    const owner = new HttpClient(app.baseURL);
    expect(
      (
        await owner.postJson("/api/auth/sign-up/email", {
          name: "Victim",
          email: "victim@example.com",
          password: TEST_PASSWORD,
        })
      ).status,
    ).toBe(200);
    const attacker = new HttpClient(app.baseURL);
    expect(
      (await attacker.postJson("/api/auth/sign-in/email", { email: "victim@example.com", password: TEST_PASSWORD }))
        .status,
    ).toBe(200);
    const passive = copyOf(attacker);

    expect((await owner.postJson("/api/auth/revoke-other-sessions", {})).status).toBe(200);
    const revokedAt = Date.now();

    // Every 2.5 s for one and a half windows, the attacker tries to refresh itself and to act.
    for (let round = 0; Date.now() - revokedAt < WINDOW_SECONDS * 1500 && round < 10; round++) {
      const cacheBefore = attacker.cookies.get(CACHE);
      const update = await attacker.postJson("/api/auth/update-user", { name: "Thief" });
      expect(update.status).toBe(401);
      expect(attacker.cookies.get(CACHE) ?? cacheBefore).toBe(cacheBefore); // no new cache was handed out
      const sessions = await attacker.get("/api/auth/list-sessions");
      expect(sessions.status).toBe(401);
      expect(await sessions.text()).not.toMatch(/token|userAgent|ipAddress/);
      expect((await attacker.get("/api/auth/list-accounts")).status).toBe(401);
      await sleep(2500);
    }
    expect(await nameInDatabase()).toBe("Victim");

    // The window is over for both copies of the stolen cookies.
    expect(Date.now() - revokedAt).toBeGreaterThan(WINDOW_SECONDS * 1000);
    for (const client of [attacker, passive]) {
      expect((await client.get("/api/me")).status).toBe(401);
      expect((await client.get("/dashboard")).status).toBe(307);
    }
    // The owner's own session is untouched (its cache expired too; the gate renews it).
    expect((await owner.get("/api/me")).status).toBe(200);
    expect((await owner.get("/account/security")).status).toBe(200);
  }, 60_000);

  it("cannot change the name through the server action while its cache is still valid", async () => {
    const owner = new HttpClient(app.baseURL);
    expect(
      (await owner.postJson("/api/auth/sign-in/email", { email: "victim@example.com", password: TEST_PASSWORD }))
        .status,
    ).toBe(200);
    const attacker = new HttpClient(app.baseURL);
    expect(
      (await attacker.postJson("/api/auth/sign-in/email", { email: "victim@example.com", password: TEST_PASSWORD }))
        .status,
    ).toBe(200);
    expect((await owner.postJson("/api/auth/revoke-other-sessions", {})).status).toBe(200);

    // Inside the window the gate still admits the cached session to /account; the action itself refuses,
    // and sends the visitor to sign in, coming back to the page that posted it.
    const response = await submitForm(attacker, "/account", "Change display name", { name: "Thief" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/sign-in\?callbackUrl=%2Faccount/);
    expect(await nameInDatabase()).toBe("Victim");
    // Better Auth found no session row and cleared the dead session's cookies on the way out.
    expect(attacker.cookies.has(TOKEN)).toBe(false);
  }, 30_000);
});
