/**
 * The variant of the app that bench/distance.ts compares the gate with: a copy
 * of this checkout whose middleware.ts is replaced by the session checks other
 * kits document (bench/patterns/proxy.ts on Node, bench/patterns/middleware.ts
 * on Workers) and whose /patterns/[pattern] page is bench/patterns/page.tsx,
 * built for the runtimes asked for. The caller removes it.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Target } from "../../test/support/app-server";
import { copyCheckout } from "../../test/support/proxy-checkout";

function run(dir: string, args: string[]): void {
  const result = spawnSync(process.execPath, args, {
    cwd: dir,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed with ${result.status} in ${dir}`);
}

export interface PatternsVariant {
  dir: string;
  remove(): void;
}

export function buildPatternsVariant(targets: readonly Target[]): PatternsVariant {
  const dir = mkdtempSync(join(tmpdir(), "edgegate-patterns-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    copyCheckout(dir);
    rmSync(join(dir, "middleware.ts"));
    // Inside the protected pages' layout, so the page is /dashboard's in all but its session check.
    const page = join(dir, "app/(app)/patterns/[pattern]");
    mkdirSync(page, { recursive: true });
    cpSync("bench/patterns/page.tsx", join(page, "page.tsx"));
    const entry = (file: "middleware.ts" | "proxy.ts") => cpSync(`bench/patterns/${file}`, join(dir, file));
    // The Cloudflare build first, with Edge middleware (OpenNext's Node proxy fails on cookies); it runs its
    // own `next build`, which the plain one then replaces, with proxy.ts, for next start.
    if (targets.includes("workerd")) {
      entry("middleware.ts");
      run(dir, ["--import", "tsx", "scripts/cloudflare/build.ts"]);
      rmSync(join(dir, "middleware.ts"));
    }
    if (targets.includes("next")) {
      entry("proxy.ts");
      run(dir, ["node_modules/next/dist/bin/next", "build"]);
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, remove };
}
