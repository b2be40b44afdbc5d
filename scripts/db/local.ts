/**
 * `npm run db:local [-- --port N]`: a throwaway Postgres behind a local
 * stand-in for Neon's endpoint, for running the app against the Neon driver
 * by hand:
 *   DATABASE_URL=... npm run db:migrate && npm run build && npm start
 * The endpoint listens on 127.0.0.1:5433 unless --port or DB_LOCAL_PORT says
 * otherwise. Data lives in a temporary folder and is deleted on Ctrl-C.
 */
import { parseArgs } from "node:util";
import { startLocalDatabase } from "../../stand-ins/local-db";

function fail(message: string): never {
  console.error(`db:local: ${message}`);
  process.exit(1);
}

let args: ReturnType<typeof parseArgs<{ options: { port: { type: "string" } } }>>;
try {
  args = parseArgs({ options: { port: { type: "string" } } });
} catch (error) {
  fail(`${(error as Error).message}. Usage: npm run db:local -- --port 5433`);
}
const raw = args.values.port ?? process.env.DB_LOCAL_PORT ?? "5433";
const port = Number(raw);
if (!Number.isInteger(port) || port < 1 || port > 65_535)
  fail(`the port must be a number from 1 to 65535 (got "${raw}")`);

let db: Awaited<ReturnType<typeof startLocalDatabase>>;
try {
  db = await startLocalDatabase({ proxyPort: port });
} catch (error) {
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    fail(`port ${port} is already in use. Pick another: npm run db:local -- --port ${port + 1}`);
  }
  fail((error as Error).message);
}
const url = await db.createDatabase("edgegate");
console.log(
  `Postgres ${db.postgres.port} behind the Neon stand-in on 127.0.0.1:${db.proxy.port}. Ctrl-C stops and deletes it.`,
);
console.log(`DATABASE_URL=${url}`);

async function shutdown(): Promise<void> {
  await db.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
