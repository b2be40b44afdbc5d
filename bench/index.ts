/**
 * `npm run bench`: measures the whole system in one run and writes
 * bench/results/latest.json (every figure with unit, median, spread, machine
 * and versions) and docs/benchmarks.md with an SVG chart.
 * BENCH_QUICK=1: a few seconds per figure, to keep the code alive in CI; its
 * numbers are written to bench/results/quick.json and reported nowhere.
 * BENCH_REUSE_BUILD=1 skips the two production builds (they must be current).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import type { Target } from "../test/support/app-server";
import { benchBotDefence } from "./bot-defence";
import { benchDatabase } from "./database";
import { benchPagesAtDistance } from "./distance";
import { benchDriver } from "./driver";
import { benchGate } from "./gate";
import { benchHttp } from "./http";
import { quick } from "./lib/env";
import type { Figure } from "./lib/measure";
import { buildPatternsVariant } from "./lib/patterns-build";
import { environment } from "./lib/results";
import { benchOperations } from "./operations";
import { writeReport } from "./report";
import { benchScale } from "./scale";
import { benchSignIn, DISTANCES_MS } from "./sign-in";
import { benchSteady } from "./steady";
import { benchWorker } from "./worker";

function run(args: string[]): void {
  const result = spawnSync(process.execPath, args, {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed with ${result.status}`);
}

const started = Date.now();
if (process.env.BENCH_REUSE_BUILD !== "1") {
  // The Cloudflare build first: it runs its own `next build`, which the plain one then replaces for next start.
  run(["--import", "tsx", "scripts/cloudflare/build.ts"]);
  run(["node_modules/next/dist/bin/next", "build"]);
}

const figures: Figure[] = [];
const section = async (name: string, work: () => Promise<Figure[]>) => {
  const t = Date.now();
  console.log(`\n▶ ${name}`);
  const found = await work();
  for (const f of found)
    console.log(`  ${f.name}: ${f.median.toFixed(3)} ${f.unit} (${f.spread} ${f.low.toFixed(3)}–${f.high.toFixed(3)})`);
  figures.push(...found);
  console.log(`  (${((Date.now() - t) / 1000).toFixed(0)} s)`);
};

const TARGETS = ["next", "workerd"] as const;
// At a distance, quick runs Node only (every distance starts apps, and a Worker takes ~10 s to start) and
// without the other kits' patterns (their variant is one more build; `npm run bench:distance` runs them).
const distanceTargets: readonly Target[] = quick ? ["next"] : TARGETS;
const patterns = quick ? null : buildPatternsVariant(distanceTargets);

try {
  await section("gate micro-benchmarks (Node)", benchGate);
  await section("Neon driver choice", benchDriver);
  for (const target of TARGETS) {
    await section(`database path, ${target}`, () => benchDatabase(target));
    for (const rttMs of DISTANCES_MS)
      if (rttMs === 0 || distanceTargets.includes(target))
        await section(`sign-in methods, database ${rttMs} ms away, ${target}`, () => benchSignIn(target, rttMs));
    if (distanceTargets.includes(target))
      for (const rttMs of DISTANCES_MS)
        await section(`protected page, database ${rttMs} ms away, ${target}`, () =>
          benchPagesAtDistance(target, rttMs, patterns?.dir),
        );
    // Quick runs it on Node only: its three apps would start three Workers, ~10 s each.
    if (!quick || target === "next")
      await section(`bots and breached passwords, per form, ${target}`, () => benchBotDefence(target));
    await section(`HTTP load, ${target}`, () => benchHttp(target));
    await section(`steady browsing, ${target}`, () => benchSteady(target));
    await section(`operations under pressure, ${target}`, () => benchOperations(target));
  }
  await section("scale curve", benchScale);
  await section("Cloudflare Worker size and start-up", benchWorker);
} finally {
  patterns?.remove();
}

const results = {
  environment: environment(),
  quick,
  durationSeconds: Math.round((Date.now() - started) / 1000),
  command: "npm run bench",
  figures,
};
mkdirSync("bench/results", { recursive: true });
const path = quick ? "bench/results/quick.json" : "bench/results/latest.json";
writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWrote ${path} in ${results.durationSeconds} s.`);
if (!quick) console.log(`Wrote ${writeReport(results)}.`);
