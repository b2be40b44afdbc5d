import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";

/**
 * Whether the module at `moduleUrl` (its import.meta.url) is the script Node
 * was started with, rather than imported by another. Compared as file URLs
 * built by Node itself, so paths with spaces, `%` or non-ASCII characters work.
 */
export function isRunDirectly(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && moduleUrl === pathToFileURL(realpathSync(script)).href;
}
