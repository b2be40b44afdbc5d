/**
 * `npm run db:local`: a throwaway Postgres behind a local stand-in for Neon's
 * endpoint, for running the app against the Neon driver by hand:
 *   DATABASE_URL=... npm run db:migrate && npm run build && npm start
 * Data lives in a temporary folder and is deleted on Ctrl-C.
 */
import { startLocalDatabase } from "../../stand-ins/local-db";

const port = Number(process.env.DB_LOCAL_PORT ?? 5433);
const db = await startLocalDatabase({ proxyPort: port });
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
