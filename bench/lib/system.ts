/**
 * A running app for the system benchmarks: its own Postgres behind the Neon
 * stand-in (or its own database in a shared one), migrated, and the
 * production build on the chosen runtime.
 */
import { migrateDatabase } from "@/lib/server/db/migrate";
import { type LocalDatabase, startLocalDatabase } from "../../stand-ins/local-db";
import { type RunningApp, startApp, type Target } from "../../test/support/app-server";
import { TEST_PASSWORD } from "../../test/support/constants";
import { HttpClient } from "../../test/support/http-client";

export interface System {
  target: Target;
  db: LocalDatabase;
  databaseUrl: string;
  app: RunningApp;
  close(): Promise<void>;
}

let sharedDatabases = 0;

export async function startSystem(
  target: Target,
  env: Record<string, string> = {},
  /** A port reserved in advance, when something (e.g. an OIDC provider's redirect URI) must know it. */
  port?: number,
  /** A Postgres to make the app's database in, for several apps at once; the caller closes it. */
  shared?: LocalDatabase,
): Promise<System> {
  const db = shared ?? (await startLocalDatabase());
  let databaseUrl: string;
  let app: RunningApp;
  try {
    databaseUrl = await db.createDatabase(shared ? `edgegate_${++sharedDatabases}` : "edgegate");
    await migrateDatabase(databaseUrl);
    // Sign-up signs in at once, as the figures assume; mail is not what is measured here.
    app = await startApp({ target, port, databaseUrl, env: { EMAIL_VERIFICATION: "off", ...env } });
  } catch (error) {
    if (!shared) await db.close(); // no Postgres left running when the app cannot start
    throw error;
  }
  return {
    target,
    db,
    databaseUrl,
    app,
    async close() {
      await app.stop();
      if (!shared) await db.close();
    },
  };
}

/**
 * Until the database has heard nothing for a moment: a request's work after its answer (the security log)
 * is done. New statements over HTTP and new WebSockets count as activity (what runs inside an open
 * transaction does not, and no measured request leaves one open after its answer).
 */
export async function databaseQuiet(system: System): Promise<void> {
  const proxy = system.db.proxy;
  let last = proxy.httpQueries() + proxy.webSocketsOpened();
  let quietSince = Date.now();
  const deadline = Date.now() + 3000;
  while (Date.now() - quietSince < 150) {
    if (Date.now() > deadline) throw new Error("the database did not go quiet within 3 s of a measured request");
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = proxy.httpQueries() + proxy.webSocketsOpened();
    if (now !== last) [last, quietSince] = [now, Date.now()];
  }
}

export async function signedUpClient(system: System, email: string): Promise<HttpClient> {
  const client = new HttpClient(system.app.baseURL);
  const response = await client.postJson("/api/auth/sign-up/email", { name: "Bench", email, password: TEST_PASSWORD });
  if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  return client;
}

let calls = 0;

/**
 * One get-session that must read the database (cache bypassed), from its own
 * client address so Better Auth's per-client rate limit (100 per 10 s) never
 * answers instead; anything but a session is an error, not a data point.
 */
export async function getSessionFromDatabase(client: HttpClient): Promise<void> {
  calls++;
  const ip = `10.200.${(calls >> 8) & 255}.${calls & 255}`;
  const response = await client.get("/api/auth/get-session?disableCookieCache=true", {
    "x-forwarded-for": ip,
    "cf-connecting-ip": ip,
  });
  const body = (await response.json()) as { session?: unknown } | null;
  if (response.status !== 200 || !body?.session)
    throw new Error(`get-session answered ${response.status}: ${JSON.stringify(body)}`);
}
