/** Whether the Worker build under .open-next/ is older than what it is built from. */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** What the Worker is built from; a change to any of these makes a build stale. */
const SOURCES = [
  "app",
  "lib",
  "public",
  "middleware.ts",
  "instrumentation.ts",
  "next.config.ts",
  "open-next.config.ts",
  "wrangler.toml",
  "package-lock.json",
];

function newestSource(path: string): { path: string; mtime: number } | null {
  if (!existsSync(path)) return null;
  const stat = statSync(path);
  if (!stat.isDirectory()) return { path, mtime: stat.mtimeMs };
  let newest: { path: string; mtime: number } | null = null;
  for (const entry of readdirSync(path)) {
    const found = newestSource(join(path, entry));
    if (found && (!newest || found.mtime > newest.mtime)) newest = found;
  }
  return newest;
}

/** Why the Worker must be built before previewing, or null when the build (`worker`) is current. */
export function staleBuild(worker: string, sources: readonly string[] = SOURCES): string | null {
  if (!existsSync(worker)) return "there is no Worker build yet";
  const built = statSync(worker).mtimeMs;
  const changed = sources.map(newestSource).find((source) => source && source.mtime > built);
  return changed ? `${changed.path} changed since the last build` : null;
}
