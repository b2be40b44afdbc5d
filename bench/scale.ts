/**
 * The scale curve: get-session (cache miss) latency and the gate's own time on
 * a fallback request, with 1k, 10k and 100k users and sessions in the
 * database (seeded with SQL, each user with a credential account and a session).
 */
import { stepOf } from "../test/support/gate-harness";
import { quick } from "./lib/env";
import { type Figure, summarize, timeEach } from "./lib/measure";
import { getSessionFromDatabase, signedUpClient, startSystem } from "./lib/system";

const SIZES = [1_000, 10_000, 100_000];

function gateMs(response: Response): number {
  return Number(/dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "")?.[1] ?? NaN);
}

export async function benchScale(): Promise<Figure[]> {
  const system = await startSystem("next");
  try {
    const client = await signedUpClient(system, "scale@example.com");
    const noCache = [...client.cookies]
      .filter(([k]) => !k.endsWith("session_data"))
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");
    const figures: Figure[] = [];
    let seeded = 0;
    for (const size of quick ? SIZES.slice(0, 1) : SIZES) {
      await system.db.admin("edgegate", async (sql) => {
        await sql.query(
          `insert into "user" (id, name, email, email_verified, created_at, updated_at, role)
             select 'seed-' || g, 'Seed ' || g, 'seed' || g || '@example.com', false, now(), now(), 'user' from generate_series($1::int, $2::int) g;
           insert into account (id, account_id, provider_id, user_id, password, created_at, updated_at)
             select 'acc-' || g, 'seed-' || g, 'credential', 'seed-' || g, 'x', now(), now() from generate_series($1::int, $2::int) g;
           insert into session (id, expires_at, token, created_at, updated_at, user_id)
             select 'ses-' || g, now() + interval '7 days', md5(g::text), now(), now(), 'seed-' || g from generate_series($1::int, $2::int) g;
           analyze;`
            .replaceAll("$1::int", String(seeded + 1))
            .replaceAll("$2::int", String(size)),
        );
      });
      seeded = size;
      const n = quick ? 5 : 150;
      figures.push(
        await timeEach(`scale ${size / 1000}k users · get-session, cache miss · latency`, n, () =>
          getSessionFromDatabase(client),
        ),
      );
      const gate: number[] = [];
      for (let i = 0; i < n; i++) {
        const ip = `10.201.${(i >> 8) & 255}.${i & 255}`;
        const response = await client.get("/account/help", {
          cookie: noCache,
          "x-forwarded-for": ip,
          "cf-connecting-ip": ip,
        });
        await response.arrayBuffer();
        if (response.status !== 200 || stepOf(response) !== "fallback")
          throw new Error(`expected a passed fallback, got ${response.status}`);
        gate.push(gateMs(response));
      }
      figures.push(summarize(`scale ${size / 1000}k users · gate time on a fallback request`, "ms", gate));
    }
    return figures;
  } finally {
    await system.close();
  }
}
