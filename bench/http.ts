/**
 * HTTP throughput and latency under load, per runtime: the prerendered public
 * pages (/ and /help), a prerendered page behind the gate (/account/help, the
 * same content as /help), a gated page rendered per request (/dashboard: a
 * session read and a render), the anonymous redirect, a request that needs the
 * fallback, and API calls; and the gate's own share of the server's time. The
 * load comes from a second process (bench/load.ts, autocannon).
 */
import type { Target } from "../test/support/app-server";
import { CACHE } from "../test/support/constants";
import { stepOf } from "../test/support/gate-harness";
import { HttpClient } from "../test/support/http-client";
import { quick } from "./lib/env";
import { load } from "./lib/load-client";
import { type Figure, latencyFigure, single } from "./lib/measure";
import { type System, signedUpClient, startSystem } from "./lib/system";

export const SCENARIOS = [
  "landing page, prerendered (/)",
  "public page, prerendered (/help)",
  "gated page, prerendered (/account/help, step 2)",
  "gated page rendered per request (/dashboard, step 2)",
  "anonymous redirect (step 1)",
  "fallback to get-session (step 3)",
  "API call with an access token (step 0, no I/O)",
  "API call with an API key (one server check)",
] as const;
/** The per-request render every prerendered page is compared with. */
export const DYNAMIC_RENDER = SCENARIOS[3];
/** A page behind the gate that is prerendered (app/(app-shell)). */
export const GATED_PRERENDERED = SCENARIOS[2];

/**
 * An access token and an API key of the signed-up client. The key's own limit
 * (120 a minute) is lifted in the database: the load would spend it at once,
 * and what is measured is the check, not the refusal.
 */
async function apiCredentials(system: System, client: HttpClient): Promise<{ token: string; key: string }> {
  const issued = await client.get("/api/auth/token");
  const created = await client.postJson("/api/auth/api-key/create", { name: "bench" });
  if (issued.status !== 200 || created.status !== 200) throw new Error("API credentials: token or key refused");
  const { token } = (await issued.json()) as { token: string };
  const { key, id } = (await created.json()) as { key: string; id: string };
  await system.db.admin("edgegate", (sql) =>
    sql.query("update apikey set rate_limit_enabled = false where id = $1", [id]),
  );
  return { token, key };
}

export async function benchHttp(target: Target): Promise<Figure[]> {
  const system = await startSystem(target);
  try {
    const client = await signedUpClient(system, `load-${target}@example.com`);
    const withCache = client.cookieHeader();
    const withoutCache = [...client.cookies]
      .filter(([k]) => k !== CACHE)
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");
    const base = system.app.baseURL;
    const { token, key } = await apiCredentials(system, client);
    const scenarios: [(typeof SCENARIOS)[number], string, Record<string, string>, string, number][] = [
      [SCENARIOS[0], "/", { cookie: withCache }, "public", 200],
      [SCENARIOS[1], "/help", { cookie: withCache }, "public", 200],
      [SCENARIOS[2], "/account/help", { cookie: withCache }, "cache", 200],
      [SCENARIOS[3], "/dashboard", { cookie: withCache }, "cache", 200],
      [SCENARIOS[4], "/dashboard", {}, "cookie", 307],
      [SCENARIOS[5], "/dashboard", { cookie: withoutCache }, "fallback", 200],
      [SCENARIOS[6], "/api/v1/me", { authorization: `Bearer ${token}` }, "token", 200],
      [SCENARIOS[7], "/api/v1/me", { "x-api-key": key }, "key", 200],
    ];
    const figures: Figure[] = [];
    for (const [name, path, headers, step, status] of scenarios) {
      // Check we measure what the name says before measuring it.
      const probe = await new HttpClient(base).get(path, headers);
      if (stepOf(probe) !== step || probe.status !== status)
        throw new Error(`${name}: got ${probe.status} ${stepOf(probe)}`);
      await load(`${base}${path}`, headers, quick ? 1 : 2, true); // warm-up
      const result = await load(`${base}${path}`, headers, quick ? 2 : 8, true);
      const unexpected = result.total - (result.statuses[String(status)] ?? 0);
      if (unexpected > 0)
        throw new Error(
          `${name}: ${unexpected} of ${result.total} responses were not ${status}: ${JSON.stringify(result.statuses)}`,
        );
      const label = `${target} · ${name}`;
      figures.push(
        single(`${label} · throughput`, "req/s", result.requestsPerSecond, result.total),
        latencyFigure(`${label} · latency`, result.latency.p50, result.latency.p99, result.total),
      );
      if (name === DYNAMIC_RENDER && result.gateMs !== null) {
        // Time in the gate per request × requests per second = the share of each second the server spent gating.
        const share = (result.gateMs / 1000) * result.requestsPerSecond * 100;
        figures.push({
          name: `${label} · gate share of server time`,
          unit: "%",
          median: share,
          spread: `gate ${result.gateMs.toFixed(3)} ms per request`,
          low: share,
          high: share,
          samples: result.total,
        });
      }
    }
    return figures;
  } finally {
    await system.close();
  }
}
