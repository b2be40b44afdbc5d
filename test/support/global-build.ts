/**
 * Builds the app once for the end-to-end run: `next build` for E2E_TARGET=next,
 * `npm run build:cf` (OpenNext) for E2E_TARGET=workerd. Set E2E_REUSE_BUILD=1
 * to skip it while iterating on tests (the build must then be current).
 *
 * The Cloudflare build is made with canary secrets (the auth secret and an
 * OAuth client secret) in the environment and, when the developer has no such
 * file, in a .env.production.local that exists only during the build:
 * test/e2e/build-output.test.ts then proves the values are nowhere in what
 * would be uploaded.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { E2E_TARGET } from "./app-server";

export const CANARY_SECRETS = {
  BETTER_AUTH_SECRET: "edgegate-canary-secret-must-never-be-baked-0042",
  OIDC_CLIENT_SECRET: "edgegate-canary-oauth-secret-never-baked-0043",
};
const CANARY_FILE = ".env.production.local";

export default function setup() {
  if (process.env.E2E_REUSE_BUILD === "1") return;
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  if (E2E_TARGET === "next") {
    const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env });
    if (result.status !== 0) throw new Error(`next build failed with ${result.status}`);
    return;
  }
  const ownFile = !existsSync(CANARY_FILE);
  const canaries = Object.entries(CANARY_SECRETS).map(([name, value]) => `${name}=${value}\n`);
  if (ownFile) writeFileSync(CANARY_FILE, canaries.join(""));
  try {
    const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/cloudflare/build.ts"], {
      stdio: "inherit",
      env: { ...env, ...CANARY_SECRETS },
    });
    if (result.status !== 0) throw new Error(`npm run build:cf failed with ${result.status}`);
  } finally {
    if (ownFile) rmSync(CANARY_FILE, { force: true });
  }
}
