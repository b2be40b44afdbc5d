/**
 * Section 10 of docs/benchmarks.md, the database far away: a protected page
 * under each session-checking pattern (bench/distance.ts) and every sign-in
 * step (bench/sign-in.ts) at each distance, with a chart of the pages.
 */
import { writeFileSync } from "node:fs";
import type { Target } from "../test/support/app-server";
import { PAGE_PATTERNS, pageFigure } from "./distance";
import { table } from "./lib/markdown";
import { type Figure, format } from "./lib/measure";
import { barChart } from "./lib/svg";
import { DISTANCES_MS, FLOOR_STEP, SIGN_IN_STEPS, signInRoundTripsFigure, signInWallFigure } from "./sign-in";

type Get = (name: string) => Figure;

const FARTHEST = DISTANCES_MS.at(-1)!;
/** The distance the issue's figures are quoted at (Frankfurt–Virginia). */
export const QUOTED_RTT_MS = 90;

export function pageTable(get: Get, target: Target): string {
  return table(
    [
      "pattern",
      ...DISTANCES_MS.map((d) => `${d} ms: first byte p50 / p99`),
      `whole page p50 at ${QUOTED_RTT_MS} ms`,
      `decision p50 at ${QUOTED_RTT_MS} ms`,
      "database round trips per request",
    ],
    PAGE_PATTERNS.map((pattern) => {
      const at = (d: number, what: Parameters<typeof pageFigure>[3]) => get(pageFigure(target, d, pattern, what));
      return [
        pattern,
        ...DISTANCES_MS.map((d) => {
          const f = at(d, "time to first byte");
          return `${format(f.median)} / ${format(f.high)} ms`;
        }),
        `${format(at(QUOTED_RTT_MS, "whole page").median)} ms`,
        `${format(at(QUOTED_RTT_MS, "decision").median)} ms`,
        format(at(QUOTED_RTT_MS, "round trips").median),
      ];
    }),
  );
}

/**
 * The round trips a step waits for one after another: how much longer it takes at the farthest
 * distance than at none, in round trips. Concurrent round trips count once, as they cost.
 */
function sequentialRoundTrips(get: Get, target: Target, step: (typeof SIGN_IN_STEPS)[number]): number {
  const near = get(signInWallFigure(target, 0, step)).median;
  const far = get(signInWallFigure(target, FARTHEST, step)).median;
  return (far - near) / FARTHEST;
}

export function signInDistanceTable(get: Get, target: Target): string {
  return table(
    ["step", ...DISTANCES_MS.map((d) => `wall time at ${d} ms`), "sequential round trips", "round trips in all"],
    SIGN_IN_STEPS.filter((step) => step !== FLOOR_STEP).map((step) => [
      step,
      ...DISTANCES_MS.map((d) => `${format(get(signInWallFigure(target, d, step)).median)} ms`),
      sequentialRoundTrips(get, target, step).toFixed(1),
      format(get(signInRoundTripsFigure(target, FARTHEST, step)).median),
    ]),
  );
}

export function distanceSection(get: Get, runtimes: readonly Target[], names: Record<Target, string>): string {
  writeFileSync(
    "docs/benchmarks-distance.svg",
    barChart(
      `A protected page, time to first byte (p50) with the database ${QUOTED_RTT_MS} ms away`,
      runtimes.flatMap((r) =>
        PAGE_PATTERNS.map((pattern) => {
          const f = get(pageFigure(r, QUOTED_RTT_MS, pattern, "time to first byte"));
          return { label: `${r} · ${pattern}`, value: f.median, note: `${format(f.median)} ms`, group: r };
        }),
      ),
    ),
  );
  return `## 10. The database far away

Everything above runs with the database on loopback. Here the Neon stand-in adds a round trip of 0, ${DISTANCES_MS.slice(1, -1).join(", ")} and ${FARTHEST} ms
(\`STANDIN_DB_RTT_MS\`; ${QUOTED_RTT_MS} ms is about Frankfurt–Virginia, ${FARTHEST} ms Sydney–Virginia) the way the real one costs: per HTTP
query, two more for a new connection (TCP, TLS), three to open a WebSocket and one per exchange on it (stand-ins/neon-proxy.ts).
The browser-to-app path stays on loopback: the app runs at the edge, next to the person.

### A protected page

One signed-in request at a time to the same page (/dashboard, rendered per request), the patterns interleaved, each under
its own session check: this kit's gate (the signed cache read in the edge middleware, and when that cache has expired one
get-session), and three patterns other kits document, run in a variant of the app built for this benchmark
(bench/patterns/: a Node \`proxy.ts\` on Node; Edge middleware on Workers, where OpenNext cannot run a Node proxy that sees
cookies, so there getSession is the get-session fetch Better Auth documents for the Edge): the cookie's presence only (Better Auth's \`getSessionCookie\`, which verifies nothing),
\`auth.api.getSession\` on every request (Better Auth's Next 16 \`proxy.ts\` example; without a cookie cache, Better Auth's
default, it reads the database each time), and a page that confirms the session in the database itself. "Decision" is the
check's own time as the server reports it in Server-Timing (for the page re-check, only the proxy's cookie test: the database
read happens in the render, inside the first byte). Round trips include the header's list of organizations, which streams in
after the first byte on every pattern. One more row: the same gate in front of a page that needs nothing of the visitor,
prerendered (/account/help, section 2; its header is filled in by the browser), which waits for no database at all.

![Protected page at a distance](benchmarks-distance.svg)

${runtimes.map((r) => `${names[r]}:\n\n${pageTable(get, r)}`).join("\n\n")}

### Signing in

Each step of bench/sign-in.ts (section 6) with the database at each distance: wall time from request to answer (medians),
the round trips waited for one after another (the extra time at ${FARTHEST} ms over none, in round trips: concurrent ones count once)
and all round trips the step caused, counted at the stand-in (including work after the answer, such as the security log).

${runtimes.map((r) => `${names[r]}:\n\n${signInDistanceTable(get, r)}`).join("\n\n")}
`;
}
