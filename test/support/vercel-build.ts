/**
 * The Vercel CLI's own local build (`vercel build`, offline; CLI 58.10.0) of a
 * checkout, and readers for its output (.vercel/output, the Build Output API v3).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageBin } from "@/scripts/package-bin";

export interface VercelFunction {
  /** The function's folder below functions/, e.g. `dashboard.func`. */
  name: string;
  config: { runtime: string };
}

export function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Each function's folder (…/name.func) with its .vc-config.json. */
export function vercelFunctions(output: string): VercelFunction[] {
  const root = join(output, "functions");
  return [...files(root)]
    .filter((path) => path.endsWith(".vc-config.json"))
    .map((path) => ({
      name: path.slice(root.length + 1, -"/.vc-config.json".length),
      config: JSON.parse(readFileSync(path, "utf8")),
    }));
}

/** Runs `vercel build` in `dir` (which also rebuilds its .next); returns the output folder. */
export function vercelBuild(dir: string, env: Record<string, string> = {}): string {
  // The CLI needs a linked project; an offline build needs only its framework. A real link is kept.
  const project = join(dir, ".vercel/project.json");
  if (!existsSync(project)) {
    mkdirSync(join(dir, ".vercel"), { recursive: true });
    writeFileSync(
      project,
      JSON.stringify({
        projectId: "prj_edgegate_local",
        orgId: "team_edgegate_local",
        settings: { framework: "nextjs" },
      }),
    );
  }
  const output = join(dir, ".vercel/output");
  rmSync(output, { recursive: true, force: true });
  const build = spawnSync(process.execPath, [packageBin("vercel", "vercel"), "build", "--yes"], {
    cwd: dir,
    stdio: "inherit",
    env: { ...process.env, ...env, VERCEL_TELEMETRY_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error(`vercel build failed with ${build.status}`);
  return output;
}
