/**
 * Which Neon driver? Measures, against the local stand-ins of both Neon
 * endpoints in front of one Postgres, what a request pays with each:
 * - WebSocket `Pool` for everything, opened per request and closed after it
 *   (the only safe way to use a Pool on Workers);
 * - HTTP `neon()` for everything: one fetch per query, but no transactions;
 * - the app's choice (lib/server/db/neon.ts): HTTP per statement, a WebSocket only
 *   for a transaction.
 *   npm run bench:driver
 */
import { neon, neonConfig } from "@neondatabase/serverless";
import { drizzle as drizzleHttp } from "drizzle-orm/neon-http";
import { drizzle as drizzleWebSocket } from "drizzle-orm/neon-serverless";
import { createAuth } from "@/lib/server/auth/config";
import { migrateDatabase } from "@/lib/server/db/migrate";
import { neonDatabase, openPool } from "@/lib/server/db/neon";
import * as schema from "@/lib/server/db/schema";
import type { Database } from "@/lib/server/db/types";
import { isRunDirectly } from "../scripts/run-directly";
import { startLocalDatabase } from "../stand-ins/local-db";
import { cookiesFrom, testEnv } from "../test/support/auth-instance";
import { TEST_PASSWORD } from "../test/support/constants";
import { RecordingMailer } from "../test/support/recording-mailer";
import { quick } from "./lib/env";
import { type Figure, formatTable, timeEach } from "./lib/measure";
import { writeResults } from "./lib/results";

const BASE = "http://localhost:3000";

type Opened = { db: Database; close: () => Promise<void> };

/**
 * neon-http cannot run interactive transactions; this is what Better Auth's
 * `transaction: false` amounts to: the same statements, one by one, with no
 * atomicity (the reason the app does not use this driver).
 */
function withoutTransactions(db: object): Database {
  return new Proxy(db, {
    get: (target, key) =>
      key === "transaction" ? (work: (tx: object) => unknown) => work(target) : Reflect.get(target, key),
  }) as Database;
}

function post(path: string, body: unknown, cookie?: string): Request {
  return new Request(`${BASE}/api/auth${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: BASE, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

export async function benchDriver(): Promise<Figure[]> {
  const local = await startLocalDatabase();
  try {
    const url = await local.createDatabase("bench_driver");
    await migrateDatabase(url);
    neonConfig.fetchEndpoint = (host, port) => `http://${host}:${port}/sql`;
    const drivers: Record<string, { open: () => Opened }> = {
      "WebSocket only": {
        open: () => {
          const pool = openPool(url);
          return { db: drizzleWebSocket({ client: pool, schema }) as unknown as Database, close: () => pool.end() };
        },
      },
      "HTTP only (not atomic)": {
        open: () => ({ db: withoutTransactions(drizzleHttp({ client: neon(url), schema })), close: async () => {} }),
      },
      "HTTP + WebSocket transactions (app)": { open: () => ({ db: neonDatabase(url), close: async () => {} }) },
    };
    const figures: Figure[] = [];
    const n = quick ? 3 : 30;
    const mailer = new RecordingMailer(); // verification is off in testEnv: nothing is sent
    const securityLog = { record() {} }; // the drivers are compared on the auth work alone
    for (const [name, driver] of Object.entries(drivers)) {
      // A client (and so an auth instance) per request, as a Worker needs for anything holding a socket
      // (the WebSocket pool); every driver is measured the same way, so the comparison is fair.
      const perRequest = async (request: Request) => {
        const { db, close } = driver.open();
        try {
          return await createAuth(db, testEnv({ DATABASE_URL: url }), {
            mailer,
            securityLog,
            schedule: (task) => void task(),
          }).handler(request);
        } finally {
          await close();
        }
      };
      figures.push(
        await timeEach(`sign-up, ${name}`, n, async (i) => {
          const response = await perRequest(
            post("/sign-up/email", {
              name: "Bench",
              email: `${name.replace(/\W+/g, "-")}-${i}@example.com`,
              password: TEST_PASSWORD,
            }),
          );
          if (response.status !== 200) throw new Error(`sign-up failed: ${response.status}`);
        }),
      );
      const signIn = await perRequest(
        post("/sign-in/email", {
          email: `${name.replace(/\W+/g, "-")}-0@example.com`,
          password: TEST_PASSWORD,
        }),
      );
      const cookie = cookiesFrom(signIn).replace(/; edgegate\.session_data=[^;]*/, "");
      figures.push(
        await timeEach(`get-session (database read), ${name}`, n * 5, async () => {
          const response = await perRequest(
            new Request(`${BASE}/api/auth/get-session?disableCookieCache=true`, { headers: { cookie } }),
          );
          if (!(await response.json())) throw new Error("no session");
        }),
      );
    }
    return figures;
  } finally {
    await local.close();
  }
}

if (isRunDirectly(import.meta.url)) {
  const figures = await benchDriver();
  console.log(formatTable(figures));
  if (!quick) writeResults("driver", figures);
}
