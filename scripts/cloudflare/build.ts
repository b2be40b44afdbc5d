/**
 * `npm run build:cf [-- opennextjs-cloudflare build options]`: the OpenNext
 * build for Cloudflare Workers, without the values of `.env*` files (see
 * scripts/cloudflare/secrets.ts). The Worker reads its configuration from Cloudflare:
 * wrangler.toml [vars], `wrangler secret put`, or .dev.vars for `npm run preview:cf`.
 * Then the prerendered pages are copied into the Worker's static assets, which
 * serve as its incremental cache (open-next.config.ts), so that a local
 * preview serves them as a deploy does.
 */
import { spawnSync } from "node:child_process";
import { packageBin } from "../package-bin";
import { findBakedSecrets, stripBakedEnv } from "./secrets";

const openNext = (...args: string[]) =>
  spawnSync(process.execPath, [packageBin("@opennextjs/cloudflare", "opennextjs-cloudflare"), ...args], {
    stdio: "inherit",
    // next.config.ts inlines it, so Node-only code (the SMTP and outbox mail transports, the start-up
    // checks' database driver) is dropped from the Worker's bundle, never shipped unused.
    env: { ...process.env, EDGEGATE_WORKER_BUILD: "1" },
  });

const build = openNext("build", ...process.argv.slice(2));
if (build.status !== 0) process.exit(build.status ?? 1);
const populate = openNext("populateCache", "local");
if (populate.status !== 0) process.exit(populate.status ?? 1);

const dropped = await stripBakedEnv();
if (dropped.length > 0) {
  console.log(
    `build:cf: left out of the Worker, from .env* files: ${dropped.join(", ")}.\n` +
      "  Set what the Worker needs with `wrangler secret put NAME` (deploys) or in .dev.vars / the environment (npm run preview:cf).",
  );
}
const problems = await findBakedSecrets();
if (problems.length > 0) {
  console.error(
    `build:cf: the build still carries secrets; do not deploy it:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
  );
  process.exit(1);
}
console.log("build:cf: no secrets found under .open-next/");
