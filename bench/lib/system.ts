/**
 * A running app for the system benchmarks: its own Postgres behind the Neon
 * stand-in, migrated, and the production build on the chosen runtime.
 */
import { migrateDatabase } from "@/lib/db/migrate";
import { startLocalDatabase, type LocalDatabase } from "../../test/fixtures/local-db";
import { startApp, type RunningApp, type Target } from "../../test/support/app-server";
import { HttpClient } from "../../test/support/http-client";
import { PASSWORD } from "./env";

export interface System {
  target: Target;
  db: LocalDatabase;
  databaseUrl: string;
  app: RunningApp;
  close(): Promise<void>;
}

export async function startSystem(target: Target, env: Record<string, string> = {}): Promise<System> {
  const db = await startLocalDatabase();
  const databaseUrl = await db.createDatabase("edgegate");
  await migrateDatabase(databaseUrl);
  const app = await startApp({ target, databaseUrl, env });
  return {
    target,
    db,
    databaseUrl,
    app,
    async close() {
      await app.stop();
      await db.close();
    },
  };
}

export async function signedUpClient(system: System, email: string): Promise<HttpClient> {
  const client = new HttpClient(system.app.baseURL);
  const response = await client.postJson("/api/auth/sign-up/email", { name: "Bench", email, password: PASSWORD });
  if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  return client;
}
