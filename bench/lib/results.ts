/** Named figures with the machine and versions they were measured on, under bench/results/. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import type { Figure } from "./measure";

export function environment() {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const versions = { ...pkg.dependencies, ...pkg.devDependencies };
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    versions: Object.fromEntries(
      ["next", "better-auth", "drizzle-orm", "@neondatabase/serverless", "wrangler", "jose"].map((name) => [
        name,
        versions[name],
      ]),
    ),
  };
}

export function writeResults(name: string, figures: Figure[]): string {
  mkdirSync("bench/results", { recursive: true });
  const path = `bench/results/${name}.json`;
  writeFileSync(path, `${JSON.stringify({ environment: environment(), figures }, null, 2)}\n`);
  return path;
}
