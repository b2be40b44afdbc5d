/**
 * Operating under pressure, per runtime: 200 sign-ups at once from distinct
 * addresses (all complete, each with exactly one user, account and session
 * row, no 5xx); 1,000 concurrent page views decided from the signed cache,
 * next to the same load on the prerendered landing page; and a frozen
 * database (SIGSTOP): how long auth endpoints and protected pages take to
 * answer 503, and the Postgres connections open before, during and after.
 */
import type { Target } from "../test/support/app-server";
import { CACHE, TEST_PASSWORD } from "../test/support/constants";
import { HttpClient } from "../test/support/http-client";
import { quick } from "./lib/env";
import { load } from "./lib/load-client";
import { type Figure, latencyFigure, single } from "./lib/measure";
import { signedUpClient, startSystem } from "./lib/system";

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

export const PARALLEL_SIGN_UPS = quick ? 20 : 200;
export const CONCURRENT_VIEWS = quick ? 100 : 1000;

export async function benchOperations(target: Target): Promise<Figure[]> {
  const system = await startSystem(target);
  const base = system.app.baseURL;
  const sql = <R extends Record<string, unknown>>(text: string) =>
    system.db.admin("edgegate", async (client) => (await client.query<R>(text)).rows);
  const figures: Figure[] = [];
  const label = `${target} · operations`;
  try {
    // 1. Sign-ups at once, each from its own address (so no per-address limit applies).
    const started = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: PARALLEL_SIGN_UPS }, async (_, i) => {
        const client = new HttpClient(base, `10.150.${i >> 8}.${i & 255}`);
        const body = { name: "Parallel", email: `parallel-${i}@example.com`, password: TEST_PASSWORD };
        return client.postJson("/api/auth/sign-up/email", body).then(
          (response) => response.status,
          () => 0,
        );
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const [rows] = await sql<{ whole: string }>(
      `select count(*) as whole from "user" u where u.email like 'parallel-%'
         and (select count(*) from account a where a.user_id = u.id) = 1
         and (select count(*) from session s where s.user_id = u.id) = 1`,
    );
    figures.push(
      single(`${label} · parallel sign-ups · completed`, "sign-ups", statuses.filter((s) => s === 200).length),
      single(
        `${label} · parallel sign-ups · 5xx or no answer`,
        "responses",
        statuses.filter((s) => s >= 500 || s === 0).length,
      ),
      single(
        `${label} · parallel sign-ups · users with exactly one account and one session`,
        "users",
        Number(rows?.whole),
      ),
      single(`${label} · parallel sign-ups · wall time for all`, "s", seconds),
    );

    // 2. Concurrent page views decided from the signed cache, and the ungated landing page: one
    // request per connection, all at once, every answer awaited (slow is latency, unanswered an error).
    const viewer = await signedUpClient(system, `viewer-${target}@example.com`);
    for (const [name, path, headers, status] of [
      ["gated page (signed cache)", "/dashboard", { cookie: viewer.cookieHeader() }, 200],
      ["ungated page (prerendered)", "/", {}, 200],
    ] as const) {
      await load(`${base}${path}`, headers, 1, true, 10); // warm-up
      const result = await load(`${base}${path}`, headers, 0, true, CONCURRENT_VIEWS, CONCURRENT_VIEWS);
      const failed = CONCURRENT_VIEWS - (result.statuses[String(status)] ?? 0);
      figures.push(
        single(
          `${label} · ${CONCURRENT_VIEWS} concurrent views · ${name} · throughput`,
          "req/s",
          result.requestsPerSecond,
          result.total,
        ),
        single(`${label} · ${CONCURRENT_VIEWS} concurrent views · ${name} · errors`, "responses", failed, result.total),
        latencyFigure(
          `${label} · ${CONCURRENT_VIEWS} concurrent views · ${name} · latency`,
          result.latency.p50,
          result.latency.p99,
          result.total,
        ),
      );
    }

    // 3. The database hangs: time to a 503, and connections.
    const uncached = [...viewer.cookies]
      .filter(([name]) => name !== CACHE)
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");
    const before = system.db.postgres.openConnections();
    system.db.postgres.freeze();
    let during = 0;
    const auth: number[] = [];
    const pages: number[] = [];
    let not503 = 0;
    try {
      const timed = async (into: number[], request: () => Promise<Response>) => {
        const t = Date.now();
        const response = await request();
        await response.arrayBuffer();
        into.push(Date.now() - t);
        if (response.status !== 503) not503++;
      };
      const rounds = quick ? 5 : 30;
      await Promise.all(
        Array.from({ length: rounds }, (_, i) => [
          timed(auth, () =>
            new HttpClient(base).postJson("/api/auth/sign-in/email", {
              email: "viewer@example.com",
              password: `x-${i}-wrong`,
            }),
          ),
          timed(pages, () => new HttpClient(base).get("/account/security", { cookie: uncached })),
        ]).flat(),
      );
      during = system.db.postgres.openConnections();
    } finally {
      system.db.postgres.thaw();
    }
    let after = system.db.postgres.openConnections();
    for (let waited = 0; after > before && waited < 15_000; waited += 500) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      after = system.db.postgres.openConnections();
    }
    figures.push(
      latencyFigure(
        `${label} · database frozen · auth endpoint time to 503`,
        quantile(auth, 0.5),
        quantile(auth, 0.99),
        auth.length,
      ),
      latencyFigure(
        `${label} · database frozen · protected page time to 503`,
        quantile(pages, 0.5),
        quantile(pages, 0.99),
        pages.length,
      ),
      single(`${label} · database frozen · answers other than 503`, "responses", not503, auth.length + pages.length),
      single(`${label} · database frozen · Postgres connections before`, "connections", before),
      single(`${label} · database frozen · Postgres connections during`, "connections", during),
      single(`${label} · database frozen · Postgres connections after`, "connections", after),
    );
    return figures;
  } finally {
    system.db.postgres.thaw();
    await system.close();
  }
}
