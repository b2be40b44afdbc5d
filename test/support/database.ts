import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { type LocalDatabaseClient, localDatabaseClient } from "../../stand-ins/local-db";
import { TEMPLATE_DATABASE } from "./global-database";

export interface TestDatabase extends LocalDatabaseClient {
  name: string;
  url: string;
  /** Runs one query against this database as its owner. */
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

/** A fresh, migrated database for one test file, reached through the Neon stand-in. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const client = localDatabaseClient(inject("postgresPort"), inject("proxyPort"));
  const name = `t_${randomBytes(6).toString("hex")}`;
  const url = await client.createDatabase(name, TEMPLATE_DATABASE);
  return {
    ...client,
    name,
    url,
    query: (sql, params) => client.admin(name, async (c) => (await c.query(sql, params)).rows),
  };
}
