/**
 * Steady browsing: one signed-in user visiting protected pages for longer
 * than the cache lifetime (SESSION_CACHE_MAX_AGE=10 s here, to fit several
 * windows in the run). How many decisions needed no I/O, and how many
 * fallbacks each cache window cost.
 */
import type { Target } from "../test/support/app-server";
import { stepOf } from "../test/support/gate-harness";
import { quick } from "./lib/env";
import { type Figure, single } from "./lib/measure";
import { signedUpClient, startSystem } from "./lib/system";

const CACHE_SECONDS = 10;
const PAGES = ["/dashboard", "/account/help", "/api/me", "/"];

export async function benchSteady(target: Target): Promise<Figure[]> {
  const system = await startSystem(target, { env: { SESSION_CACHE_MAX_AGE: String(CACHE_SECONDS) } });
  try {
    const client = await signedUpClient(system, `steady-${target}@example.com`);
    const seconds = quick ? 3 : 25;
    const steps: Record<string, number> = {};
    const started = Date.now();
    for (let i = 0; Date.now() - started < seconds * 1000; i++) {
      const response = await client.get(PAGES[i % PAGES.length]!);
      if (response.status !== 200) throw new Error(`steady browsing got ${response.status}`);
      await response.arrayBuffer();
      const step = stepOf(response) ?? "none";
      steps[step] = (steps[step] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const total = Object.values(steps).reduce((a, b) => a + b, 0);
    const fallbacks = steps.fallback ?? 0;
    const zeroIo = total - fallbacks;
    const windows = seconds / CACHE_SECONDS;
    return [
      single(`${target} · steady browsing · zero-I/O decisions`, "%", (zeroIo / total) * 100, total),
      single(`${target} · steady browsing · fallbacks per cache window`, "fallbacks", fallbacks / windows, total),
      single(`${target} · steady browsing · requests`, "requests", total, total),
    ];
  } finally {
    await system.close();
  }
}
