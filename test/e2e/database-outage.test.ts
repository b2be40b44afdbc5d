/**
 * Bounded waits on a sick database, on the production build: while Postgres
 * hangs (SIGSTOP: connections open, nothing answers) or is stopped, the auth
 * endpoints and protected pages answer 503 with Retry-After within seconds
 * instead of hanging; requests decided from the signed cache and public pages
 * keep working; nothing is left connected; and it all recovers by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/server/db/migrate";
import { DEFAULT_DATABASE_TIMEOUT_MS } from "@/lib/shared/env";
import { type LocalDatabase, startLocalDatabase } from "../../stand-ins/local-db";
import { type RunningApp, startApp } from "../support/app-server";
import { CACHE, TEST_PASSWORD } from "../support/constants";
import { HttpClient } from "../support/http-client";

let db: LocalDatabase;
let app: RunningApp;
let user: HttpClient;
/** The deadline, plus the time to answer on a busy two-core machine. */
const ANSWER_WITHIN_MS = DEFAULT_DATABASE_TIMEOUT_MS + 3000;

beforeAll(async () => {
  db = await startLocalDatabase();
  const url = await db.createDatabase("edgegate");
  await migrateDatabase(url);
  app = await startApp({ databaseUrl: url, env: { EMAIL_VERIFICATION: "off" } });
  user = new HttpClient(app.baseURL);
  const body = { name: "User", email: "user@example.com", password: TEST_PASSWORD };
  expect((await user.postJson("/api/auth/sign-up/email", body)).status).toBe(200);
});
afterAll(async () => {
  db?.postgres.thaw();
  await app?.stop();
  await db?.close();
});

/** The same visitor without the signed cache, so the gate and Better Auth must ask the database. */
function uncached(): HttpClient {
  const client = new HttpClient(app.baseURL, user.ip);
  for (const [name, value] of user.cookies) if (name !== CACHE) client.cookies.set(name, value);
  return client;
}

interface Timed {
  what: string;
  response: Response;
  ms: number;
}

async function timed(what: string, request: () => Promise<Response>): Promise<Timed> {
  const started = Date.now();
  const response = await request();
  await response.clone().arrayBuffer();
  return { what, response, ms: Date.now() - started };
}

/** The requests that need the database, all at once, each from its own client address. */
function needingTheDatabase(): Promise<Timed[]> {
  const fresh = () => new HttpClient(app.baseURL);
  return Promise.all([
    timed("sign-in", () =>
      fresh().postJson("/api/auth/sign-in/email", { email: "user@example.com", password: TEST_PASSWORD }),
    ),
    timed("sign-up", () =>
      fresh().postJson("/api/auth/sign-up/email", { name: "N", email: "new@example.com", password: TEST_PASSWORD }),
    ),
    timed("get-session", () => uncached().get("/api/auth/get-session")),
    timed("/api/me", () => uncached().get("/api/me")),
    timed("/account/security", () => uncached().get("/account/security")),
  ]);
}

function expectUnavailable(answers: Timed[]): void {
  for (const { what, response, ms } of answers) {
    expect(response.status, what).toBe(503);
    expect(response.headers.get("retry-after"), what).toBe("5");
    expect(ms, what).toBeLessThan(ANSWER_WITHIN_MS);
  }
}

async function expectRecovered(): Promise<void> {
  // The first requests after the database returns may still meet connections it is waking up.
  let status = 0;
  for (let attempt = 0; attempt < 20 && status !== 200; attempt++) {
    status = (
      await new HttpClient(app.baseURL).postJson("/api/auth/sign-in/email", {
        email: "user@example.com",
        password: TEST_PASSWORD,
      })
    ).status;
    if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(status).toBe(200);
  expect((await uncached().get("/account/security")).status).toBe(200);
}

describe("while the database hangs", () => {
  it("answers 503 with Retry-After within seconds, JSON for APIs and a page for browsers", async () => {
    const before = db.postgres.openConnections();
    db.postgres.freeze();
    try {
      const answers = await needingTheDatabase();
      expectUnavailable(answers);
      for (const { what, response } of answers.filter((a) => a.what !== "/account/security")) {
        expect(await response.json(), what).toMatchObject({ error: "unavailable" });
      }
      const page = answers.find((a) => a.what === "/account/security")!.response;
      expect(page.headers.get("content-type")).toContain("text/html");
      // What needs no database keeps working: the signed cache, and prerendered public pages.
      expect((await user.get("/dashboard")).status).toBe(200);
      expect((await new HttpClient(app.baseURL).get("/")).status).toBe(200);
    } finally {
      db.postgres.thaw();
    }
    await expectRecovered();
    // Nothing the app opened during the outage stays connected.
    let now = db.postgres.openConnections();
    for (let waited = 0; now > before && waited < 10_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      now = db.postgres.openConnections();
    }
    expect(now).toBeLessThanOrEqual(before);
  });
});

describe("while the database is stopped", () => {
  it("answers 503, not 500, and recovers when it is back", async () => {
    await db.postgres.stop();
    try {
      expectUnavailable(await needingTheDatabase());
    } finally {
      await db.postgres.start();
    }
    await expectRecovered();
  });
});
