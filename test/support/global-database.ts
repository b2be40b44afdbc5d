/**
 * One Postgres + Neon stand-in for the whole run, with a migrated template
 * database; each test file clones it (CREATE DATABASE … TEMPLATE) in ms.
 * Migrations go through the app's own `migrateDatabase`, i.e. the Neon driver.
 */
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "@/lib/server/db/migrate";
import { startLocalDatabase } from "../../stand-ins/local-db";

export const TEMPLATE_DATABASE = "edgegate_template";

declare module "vitest" {
  export interface ProvidedContext {
    postgresPort: number;
    proxyPort: number;
  }
}

export default async function setup(project: TestProject) {
  const db = await startLocalDatabase();
  await migrateDatabase(await db.createDatabase(TEMPLATE_DATABASE));
  project.provide("postgresPort", db.postgres.port);
  project.provide("proxyPort", db.proxy.port);
  return () => db.close();
}
