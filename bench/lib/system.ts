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

export interface SystemOptions {
  env?: Record<string, string>;
  /** A port reserved in advance, when something (e.g. an OIDC provider's redirect URI) must know it. */
  port?: number;
  /** A Postgres to make the app's database in, for several apps at once; the caller closes it. */
  shared?: LocalDatabase;
  /** The database's distance: the round trip the Neon stand-in adds (stand-ins/neon-proxy.ts); 0 by default. */
  rttMs?: number;
  /** A checkout other than this one whose build is served (bench/patterns). */
  appDir?: string;
}

export async function startSystem(target: Target, options: SystemOptions = {}): Promise<System> {
  const { env = {}, port, shared, appDir } = options;
  const db = shared ?? (await startLocalDatabase({ rttMs: options.rttMs ?? 0 }));
  let databaseUrl: string;
  let app: RunningApp;
  try {
    databaseUrl = await db.createDatabase(shared ? `edgegate_${++sharedDatabases}` : "edgegate");
    await migrateDatabase(databaseUrl);
    // Sign-up signs in at once, as the figures assume; mail is not what is measured here.
    app = await startApp({ target, port, databaseUrl, appDir, env: { EMAIL_VERIFICATION: "off", ...env } });
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
 * is done. A statement over HTTP or a WebSocket still being served, or a new one, counts as activity, so
 * a database far away (each statement waiting out its round trip) is not taken for a quiet one.
 */
export async function databaseQuiet(system: System): Promise<void> {
  const proxy = system.db.proxy;
  const activity = () => proxy.httpQueries() + proxy.webSocketsOpened();
  let last = activity();
  let quietSince = Date.now();
  const limitMs = 3000 + 30 * proxy.rttMs;
  const deadline = Date.now() + limitMs;
  while (Date.now() - quietSince < 150) {
    if (Date.now() > deadline)
      throw new Error(`the database did not go quiet within ${limitMs} ms of a measured request`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    const now = activity();
    if (now !== last || proxy.busy() > 0) [last, quietSince] = [now, Date.now()];
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
