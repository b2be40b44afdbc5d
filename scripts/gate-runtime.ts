/**
 * `npm run gate:proxy` / `npm run gate:edge`: where the gate runs.
 *   edge  → middleware.ts, exporting `middleware` (Edge runtime; the default)
 *   proxy → proxy.ts, exporting `proxy` (Next 16's Node-runtime proxy)
 * The file is renamed and its exported function with it; the matcher and
 * everything else stay as they are. Running it twice changes nothing. Next
 * refuses a project with both files, so that is an error here too.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isRunDirectly } from "./run-directly";

const ENTRIES = {
  edge: { file: "middleware.ts", name: "middleware" },
  proxy: { file: "proxy.ts", name: "proxy" },
} as const;
type Runtime = keyof typeof ENTRIES;

function exportPattern(name: string): RegExp {
  return new RegExp(`^export (async )?function ${name}\\(`, "m");
}

/** Switches the project at `root` to `runtime`; returns what it did, or throws a message for the user. */
export function switchGateRuntime(root: string, runtime: Runtime): string {
  const to = ENTRIES[runtime];
  const from = ENTRIES[runtime === "edge" ? "proxy" : "edge"];
  const toPath = join(root, to.file);
  const fromPath = join(root, from.file);
  if (existsSync(toPath) && existsSync(fromPath))
    throw new Error(`both ${from.file} and ${to.file} exist; Next accepts only one: delete the one you do not use`);
  if (existsSync(toPath)) return `already on ${to.file}`;
  if (!existsSync(fromPath)) throw new Error(`neither ${from.file} nor ${to.file} exists in ${root}`);
  const source = readFileSync(fromPath, "utf8");
  const pattern = exportPattern(from.name);
  if (!pattern.test(source))
    throw new Error(`${from.file} has no "export function ${from.name}(": rename it to ${to.file} by hand`);
  writeFileSync(
    toPath,
    source.replace(pattern, (_match, async = "") => `export ${async}function ${to.name}(`),
  );
  rmSync(fromPath);
  return `${from.file} → ${to.file} (export ${to.name})`;
}

if (isRunDirectly(import.meta.url)) {
  const runtime = process.argv[2];
  if (runtime !== "edge" && runtime !== "proxy") {
    console.error("usage: gate-runtime.ts edge|proxy");
    process.exit(2);
  }
  try {
    console.log(`gate:${runtime}: ${switchGateRuntime(join(fileURLToPath(import.meta.url), "../.."), runtime)}`);
  } catch (error) {
    console.error(`gate:${runtime}: ${(error as Error).message}`);
    process.exit(1);
  }
}
