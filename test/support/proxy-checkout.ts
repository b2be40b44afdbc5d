/**
 * Global setup of the `proxy` project (`npm run test:proxy`, part of npm test):
 * a copy of this checkout with the gate switched to Next's Node-runtime
 * proxy.ts by the kit's own `npm run gate:proxy`, built once with
 * `vercel build` (which leaves its .next for `next start` as well). The gate's
 * HTTP contract (test/e2e/gate-http.test.ts) and the proxy's Vercel output
 * checks (test/proxy/) then run against that copy, which is removed afterwards.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { vercelBuild } from "./vercel-build";

/** The files git would commit (tracked, or new and not ignored), as they are in the working tree. */
export function copyCheckout(to: string): void {
  const listed = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    encoding: "utf8",
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: a variant is copied from a git checkout`);
  for (const file of listed.stdout.split("\0")) {
    if (!file || !existsSync(file)) continue;
    mkdirSync(join(to, dirname(file)), { recursive: true });
    cpSync(file, join(to, file));
  }
  // Hard links: a second node_modules in about two seconds on the same file system (a full copy otherwise).
  const linked = spawnSync("cp", ["-al", "node_modules", to]);
  if (linked.status !== 0) cpSync("node_modules", join(to, "node_modules"), { recursive: true });
}

function run(dir: string, args: string[]): void {
  const result = spawnSync(process.execPath, args, { cwd: dir, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed with ${result.status}`);
}

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "edgegate-proxy-"));
  copyCheckout(dir);
  run(dir, ["--import", "tsx", "scripts/gate-runtime.ts", "proxy"]);
  vercelBuild(dir);
  process.env.E2E_APP_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
