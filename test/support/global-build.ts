/**
 * Builds the app once for the end-to-end run. Set E2E_REUSE_BUILD=1 to skip
 * the build while iterating on tests (the build must then be current).
 */
import { spawnSync } from "node:child_process";

export default function setup() {
  if (process.env.E2E_REUSE_BUILD === "1") return;
  const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed with ${result.status}`);
}
