/**
 * The database path through the running app: a cache-miss get-session via the
 * Neon driver to the local stand-in (SQL round trips counted at the stand-in,
 * and latency), and sign-up wall time and server CPU time (sign-in, by every
 * method, is ./sign-in.ts's subject).
 */
import type { Target } from "../test/support/app-server";
import { quick } from "./lib/env";
import { type Figure, single, summarize, timeEach } from "./lib/measure";
import { cpuMs, serverProcesses } from "./lib/process-cpu";
import { getSessionFromDatabase, signedUpClient, startSystem } from "./lib/system";

export async function benchDatabase(target: Target): Promise<Figure[]> {
  const system = await startSystem(target);
  try {
    const figures: Figure[] = [];
    const n = quick ? 3 : 20;

    const server = serverProcesses(system.app.pid, target);
    const signUpCpu: number[] = [];
    figures.push(
      await timeEach(`${target} · sign-up · wall time`, n, async (i) => {
        const cpu = cpuMs(server);
        await signedUpClient(system, `db-${i}@example.com`);
        signUpCpu.push(cpuMs(server) - cpu);
      }),
    );
    figures.push(summarize(`${target} · sign-up · server CPU time`, "ms", signUpCpu));

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
    figures.push(
      single(
        `${target} · get-session, cache miss · SQL round trips (HTTP queries)`,
        "round trips",
        perCall,
        calls,
        "mean",
      ),
      single(`${target} · get-session, cache miss · WebSocket connections`, "connections", sockets, calls, "mean"),
    );
    return figures;
  } finally {
    await system.close();
  }
}
