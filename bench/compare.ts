/**
 * Old and new side by side: when bench/results/baseline.json holds the full run
 * from before the last platform upgrade, the report shows the figures an
 * upgrade can move (the gate's steps, page throughput, the Worker) from both
 * runs. Two runs on one machine, different days: compare ratios, not digits.
 */
import { existsSync, readFileSync } from "node:fs";
import { SCENARIOS } from "./http";
import { type Figure, format } from "./lib/measure";
import type { Results } from "./report";

export const BASELINE_PATH = "bench/results/baseline.json";

const COMPARED = [
  "step 1: no session cookie",
  "step 2: signed cache",
  "gate() step 1, whole middleware",
  "gate() step 2, whole middleware",
  ...(["next", "workerd"] as const).flatMap((runtime) => SCENARIOS.map((s) => `${runtime} · ${s} · throughput`)),
  "worker · upload size, gzip",
  "worker · upload size, raw",
  "worker · first page request (fresh isolate)",
];

export function readBaseline(): Results | null {
  if (!existsSync(BASELINE_PATH)) return null;
  const baseline = JSON.parse(readFileSync(BASELINE_PATH, "utf8")) as Results & { quick?: boolean };
  return baseline.quick ? null : baseline;
}

const versions = (results: Results) =>
  ["next", "better-auth"].map((name) => `${name} ${results.environment.versions[name] ?? "?"}`).join(", ");

/** Rows of figure | before | now | now ÷ before, for the figures both runs have. */
export function comparisonRows(before: Results, now: Results): { header: string[]; rows: string[][] } {
  const find = (results: Results, name: string): Figure | undefined => results.figures.find((f) => f.name === name);
  const rows = COMPARED.flatMap((name) => {
    const old = find(before, name);
    const current = find(now, name);
    if (!old || !current) return [];
    return [
      [
        name,
        `${format(old.median)} ${old.unit}`,
        `${format(current.median)} ${current.unit}`,
        `${(current.median / old.median).toFixed(2)}×`,
      ],
    ];
  });
  return {
    header: [
      "figure",
      `before (${before.environment.date.slice(0, 10)}: ${versions(before)})`,
      `now (${versions(now)})`,
      "now ÷ before",
    ],
    rows,
  };
}
