/**
 * A protected page with the database far away: this kit's gate beside the
 * session checks other kits document (bench/patterns/proxy.ts, built as a
 * variant of the app), on one runtime at one distance. Requests go one at a
 * time, the patterns interleaved, each from its own client address (so
 * per-client limits never answer instead); each answer is checked to be the
 * page. Figures: time to first byte (p50–p99), the decision's own time as the
 * server reports it in Server-Timing, and the database round trips each
 * request waited for, counted at the Neon stand-in.
 *   npm run bench:distance [-- next|workerd]   (these pages and the sign-in steps at every distance,
 *   on the current builds; the full `npm run bench` runs the same and writes them into docs/benchmarks.md)
 */
import { isRunDirectly } from "../scripts/run-directly";
import type { Target } from "../test/support/app-server";
import { CACHE } from "../test/support/constants";
import { quick } from "./lib/env";
import { type Figure, percentiles, single } from "./lib/measure";
import { buildPatternsVariant } from "./lib/patterns-build";
import { writeResults } from "./lib/results";
import { type System, signedUpClient, startSystem } from "./lib/system";
import { pageTable, signInDistanceTable } from "./report-distance";
import { benchSignIn, DISTANCES_MS } from "./sign-in";

export const PAGE_PATTERNS = [
  "this gate: cookie → signed cache (step 2)",
  "this gate, in front of a prerendered page (step 2)",
  "this gate: cache expired → one get-session (step 3)",
  "cookie present, not verified (getSessionCookie)",
  "getSession on every request (Better Auth's proxy.ts)",
  "the page re-checks the database",
] as const;
export type PagePattern = (typeof PAGE_PATTERNS)[number];

export const pageFigure = (
  target: Target,
  rttMs: number,
  pattern: PagePattern,
  what: "time to first byte" | "whole page" | "decision" | "round trips",
) => `${target} · protected page at ${rttMs} ms · ${pattern} · ${what}`;

interface Probe {
  pattern: PagePattern;
  system: System;
  path: string;
  cookie: string;
  /** Text only that page has, so a redirect or an error page is never timed as the page. */
  text: string;
}

const DASHBOARD = { path: "/dashboard", text: "Your account at a glance" };

let requests = 0;

/** One request: its time to first byte and decision time (ms), and the round trips it waited for. */
async function request(probe: Probe): Promise<{ ttfb: number; whole: number; decision: number; roundTrips: number }> {
  const ip = `10.77.${(++requests >> 8) & 255}.${requests & 255}`;
  const proxy = probe.system.db.proxy;
  const before = proxy.roundTrips();
  const sent = performance.now();
  const response = await fetch(`${probe.system.app.baseURL}${probe.path}`, {
    headers: { cookie: probe.cookie, "x-forwarded-for": ip, "cf-connecting-ip": ip },
    redirect: "manual",
  });
  const ttfb = performance.now() - sent;
  const body = await response.text();
  const whole = performance.now() - sent;
  if (response.status !== 200 || !body.includes(probe.text))
    throw new Error(`${probe.pattern}: ${probe.path} answered ${response.status}, not the page`);
  const timing = /(?:gate|pattern);desc="[^"]*";dur=([\d.]+)/.exec(response.headers.get("server-timing") ?? "");
  if (!timing) throw new Error(`${probe.pattern}: no decision time in Server-Timing`);
  return { ttfb, whole, decision: Number(timing[1]), roundTrips: proxy.roundTrips() - before };
}

/**
 * `variantDir`: the checkout bench/lib/patterns-build.ts built; without one (the quick CI run, which
 * spares itself that build) only the gate's own patterns are measured.
 */
export async function benchPagesAtDistance(target: Target, rttMs: number, variantDir?: string): Promise<Figure[]> {
  const rounds = quick ? 3 : rttMs >= 90 ? 40 : 100;
  const kit = await startSystem(target, { rttMs });
  let variant: System | undefined;
  try {
    const own = await signedUpClient(kit, `distance-${target}-${rttMs}@example.com`);
    const withoutCache = (client: typeof own) =>
      [...client.cookies]
        .filter(([name]) => name !== CACHE)
        .map(([name, value]) => `${name}=${value}`)
        .join("; ");
    const probes: Probe[] = [
      { pattern: PAGE_PATTERNS[0], system: kit, ...DASHBOARD, cookie: own.cookieHeader() },
      {
        pattern: PAGE_PATTERNS[1],
        system: kit,
        path: "/account/help",
        text: "Your session lasts seven days",
        cookie: own.cookieHeader(),
      },
      { pattern: PAGE_PATTERNS[2], system: kit, ...DASHBOARD, cookie: withoutCache(own) },
    ];
    if (variantDir) {
      variant = await startSystem(target, { rttMs, appDir: variantDir });
      const cookie = (await signedUpClient(variant, `distance-${target}-${rttMs}@example.com`)).cookieHeader();
      probes.push(
        { pattern: PAGE_PATTERNS[3], system: variant, path: "/patterns/cookie-only", text: DASHBOARD.text, cookie },
        { pattern: PAGE_PATTERNS[4], system: variant, path: "/patterns/get-session", text: DASHBOARD.text, cookie },
        { pattern: PAGE_PATTERNS[5], system: variant, path: "/patterns/page-recheck", text: DASHBOARD.text, cookie },
      );
    }
    const timed = ["time to first byte", "whole page", "decision"] as const;
    const samples = new Map(probes.map((p) => [p.pattern, { times: timed.map(() => [] as number[]), trips: 0 }]));
    for (const probe of probes) await request(probe); // warm-up: compilation, first connections
    for (let round = 0; round < rounds; round++) {
      for (const probe of probes) {
        const { ttfb, whole, decision, roundTrips } = await request(probe);
        const s = samples.get(probe.pattern)!;
        for (const [i, value] of [ttfb, whole, decision].entries()) s.times[i]!.push(value);
        s.trips += roundTrips;
      }
    }
    return probes.flatMap(({ pattern }) => {
      const s = samples.get(pattern)!;
      return [
        ...timed.map((what, i) => percentiles(pageFigure(target, rttMs, pattern, what), s.times[i]!)),
        single(pageFigure(target, rttMs, pattern, "round trips"), "round trips", s.trips / rounds, rounds, "mean"),
      ];
    });
  } finally {
    await variant?.close();
    await kit.close();
  }
}

if (isRunDirectly(import.meta.url)) {
  const targets = (process.argv[2] ? [process.argv[2]] : ["next", "workerd"]).map((name): Target => {
    if (name !== "next" && name !== "workerd") throw new Error("usage: npm run bench:distance [-- next|workerd]");
    return name;
  });
  const started = Date.now();
  const figures: Figure[] = [];
  const variant = buildPatternsVariant(targets);
  try {
    for (const target of targets)
      for (const rttMs of DISTANCES_MS) {
        figures.push(...(await benchPagesAtDistance(target, rttMs, variant.dir)));
        figures.push(...(await benchSignIn(target, rttMs)));
      }
  } finally {
    variant.remove();
  }
  const get = (name: string) => {
    const found = figures.find((f) => f.name === name);
    if (!found) throw new Error(`no figure named "${name}"`);
    return found;
  };
  for (const target of targets)
    console.log(`\n${target}\n\n${pageTable(get, target)}\n\n${signInDistanceTable(get, target)}`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  if (!quick) console.log(`Wrote ${writeResults("distance", figures)}.`);
}
