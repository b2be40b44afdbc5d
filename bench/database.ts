/**
 * The database path through the running app: a cache-miss get-session via the
 * Neon driver to the local stand-in (SQL round trips counted at the stand-in,
 * and latency), and sign-up / sign-in wall time and server CPU time.
 */
import type { Target } from "../test/support/app-server";
import { TEST_PASSWORD } from "../test/support/constants";
import { HttpClient } from "../test/support/http-client";
import { quick } from "./lib/env";
import { type Figure, summarize, timeEach } from "./lib/measure";
import { treeCpuMs } from "./lib/process-cpu";
import { getSessionFromDatabase, signedUpClient, startSystem } from "./lib/system";

export async function benchDatabase(target: Target): Promise<Figure[]> {
  const system = await startSystem(target);
  try {
    const base = system.app.baseURL;
    const figures: Figure[] = [];
    const n = quick ? 3 : 20;

    const signUpCpu: number[] = [];
    figures.push(
      await timeEach(`${target} · sign-up · wall time`, n, async (i) => {
        const cpu = treeCpuMs(system.app.pid);
        await signedUpClient(system, `db-${i}@example.com`);
        signUpCpu.push(treeCpuMs(system.app.pid) - cpu);
      }),
    );
    const signInCpu: number[] = [];
    figures.push(
      await timeEach(`${target} · sign-in · wall time`, n, async (i) => {
        const cpu = treeCpuMs(system.app.pid);
        const response = await new HttpClient(base).postJson("/api/auth/sign-in/email", {
          email: `db-${i}@example.com`,
          password: TEST_PASSWORD,
        });
        if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
        signInCpu.push(treeCpuMs(system.app.pid) - cpu);
      }),
    );
    figures.push(
      summarize(`${target} · sign-up · server CPU time`, "ms", signUpCpu),
      summarize(`${target} · sign-in · server CPU time`, "ms", signInCpu),
    );

    // A cache miss: the handler must read the database.
    const client = await signedUpClient(system, "reader@example.com");
    const calls = quick ? 5 : 200;
    const queriesBefore = system.db.proxy.httpQueries();
    const socketsBefore = system.db.proxy.webSocketsOpened();
    figures.push(
      await timeEach(`${target} · get-session, cache miss · latency`, calls, () => getSessionFromDatabase(client)),
    );
    const perCall = (system.db.proxy.httpQueries() - queriesBefore) / calls;
    const sockets = (system.db.proxy.webSocketsOpened() - socketsBefore) / calls;
    const single = (name: string, unit: string, value: number): Figure => ({
      name,
      unit,
      median: value,
      spread: "mean",
      low: value,
      high: value,
      samples: calls,
    });
    figures.push(
      single(`${target} · get-session, cache miss · SQL round trips (HTTP queries)`, "round trips", perCall),
      single(`${target} · get-session, cache miss · WebSocket connections`, "connections", sockets),
    );
    return figures;
  } finally {
    await system.close();
  }
}
