/**
 * Database connections do not outlive their requests: after a few hundred
 * requests that reach Postgres (reads over HTTP, sign-ups in WebSocket
 * transactions, each checked to have answered and committed), the
 * connections the app opened are all closed again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../support/app-server";
import { TEST_PASSWORD } from "../support/constants";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { HttpClient } from "../support/http-client";

let db: TestDatabase;
let app: RunningApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApp({ databaseUrl: db.url, env: { EMAIL_VERIFICATION: "off" } });
});
afterAll(() => app?.stop());

/** Backends on this database other than the stand-in's own HTTP pool and this query. */
async function appConnections(): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and application_name <> 'neon-http-standin'",
  );
  return row!.n;
}

describe("database connections", () => {
  it("return to the baseline after a few hundred requests", async () => {
    const baseline = await appConnections();
    const clients: HttpClient[] = [];
    for (let i = 0; i < 20; i++) {
      const client = new HttpClient(app.baseURL);
      expect(
        (
          await client.postJson("/api/auth/sign-up/email", {
            name: `C${i}`,
            email: `c${i}@example.com`,
            password: TEST_PASSWORD,
          })
        ).status,
      ).toBe(200);
      clients.push(client);
    }
    let reads = 0;
    const signUps: number[] = [];
    for (let round = 0; round < 15; round++) {
      await Promise.all([
        ...clients.map(async (client) => {
          const response = await client.get("/api/auth/get-session?disableCookieCache=true");
          expect(response.status).toBe(200);
          reads++;
        }),
        // A sign-up (a WebSocket transaction) in every round, the last one just before the check.
        new HttpClient(app.baseURL)
          .postJson("/api/auth/sign-up/email", { name: "R", email: `r${round}@example.com`, password: TEST_PASSWORD })
          .then((response) => signUps.push(response.status)),
      ]);
    }
    expect(reads).toBe(300);
    expect(signUps).toEqual(Array(15).fill(200));
    // Each of those transactions committed all it wrote: the user, its password account and its session.
    const [written] = await db.query<{ users: number; accounts: number; sessions: number }>(
      `select count(distinct u.id)::int as users, count(distinct a.id)::int as accounts, count(distinct s.id)::int as sessions
         from "user" u
         left join account a on a.user_id = u.id and a.provider_id = 'credential'
         left join session s on s.user_id = u.id
        where u.email ~ '^r[0-9]+@example\\.com$'`,
    );
    expect(written).toEqual({ users: 15, accounts: 15, sessions: 15 });
    // Well inside the driver's 10 s idle timeout: a pool left open would still be counted here.
    let now = await appConnections();
    for (let waited = 0; now > baseline && waited < 2_000; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      now = await appConnections();
    }
    expect(now).toBe(baseline);
  });
});
