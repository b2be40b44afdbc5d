/**
 * Micro-benchmark harness: candidates run interleaved in rounds (A B C, A B C,
 * …) so drift in machine load hits all of them alike, which is what makes the
 * ratios between them meaningful. Each round times a batch of operations and
 * records the mean per operation; the figure is the median over rounds, with
 * the interquartile range as its spread.
 */
export interface Figure {
  name: string;
  unit: string;
  median: number;
  /** The spread around the median: which range `low`–`high` is, e.g. "IQR". */
  spread: string;
  low: number;
  high: number;
  samples: number;
}

export interface Candidate {
  name: string;
  run: () => unknown | Promise<unknown>;
}

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

export function summarize(name: string, unit: string, values: number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    name,
    unit,
    median: quantile(sorted, 0.5),
    spread: "IQR",
    low: quantile(sorted, 0.25),
    high: quantile(sorted, 0.75),
    samples: values.length,
  };
}

/** A figure that is one value (a count, a mean, a single run), not a distribution. */
export function single(name: string, unit: string, value: number, samples = 1, spread = "single run"): Figure {
  return { name, unit, median: value, spread, low: value, high: value, samples };
}

/** p50 as the median and p50–p99 as the spread, from latencies in milliseconds. */
export function latencyFigure(name: string, p50: number, p99: number, samples: number): Figure {
  return { name, unit: "ms", median: p50, spread: "p50–p99", low: p50, high: p99, samples };
}

/** p50 and p99 (nearest rank) of latencies in milliseconds, as a latencyFigure. */
export function percentiles(name: string, values: number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
  return latencyFigure(name, quantile(sorted, 0.5), p99, values.length);
}

/** Per-operation time in microseconds for each candidate. */
export async function compare(
  candidates: Candidate[],
  options: { rounds: number; batch: number; warmup?: number },
): Promise<Figure[]> {
  const perOp = new Map<string, number[]>(candidates.map((c) => [c.name, []]));
  for (const c of candidates) for (let i = 0; i < (options.warmup ?? options.batch); i++) await c.run();
  for (let round = 0; round < options.rounds; round++) {
    for (const c of candidates) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < options.batch; i++) await c.run();
      const elapsed = Number(process.hrtime.bigint() - start) / 1000;
      perOp.get(c.name)!.push(elapsed / options.batch);
    }
  }
  return candidates.map((c) => summarize(c.name, "µs", perOp.get(c.name)!));
}

/** Wall time of each call, in milliseconds (for slow operations measured one at a time). */
export async function timeEach(name: string, count: number, run: (i: number) => Promise<unknown>): Promise<Figure> {
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await run(i);
    values.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return summarize(name, "ms", values);
}

export function formatTable(figures: Figure[], reference?: { name: string; label: string }[]): string {
  const rows = figures.map((f) => {
    const ratios = (reference ?? []).map(({ name }) => {
      const base = figures.find((x) => x.name === name);
      return base && base.unit === f.unit ? `${(f.median / base.median).toFixed(2)}×` : "";
    });
    return [f.name, `${format(f.median)} ${f.unit}`, `${format(f.low)}–${format(f.high)} (${f.spread})`, ...ratios];
  });
  const header = ["figure", "median", "spread", ...(reference ?? []).map((r) => r.label)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
