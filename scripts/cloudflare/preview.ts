/**
 * `npm run preview:cf`: runs the Worker built by `npm run build:cf` in workerd
 * (`wrangler dev`) on http://localhost:$PORT (default 8787). Like OpenNext's
 * own preview it builds first when there is no build, or when a source file
 * is newer than it; `--no-build` never builds (the tests, which build once).
 *
 * Configuration comes from the environment, else from .dev.vars (git-ignored):
 * what a deployed Worker gets from Cloudflare, never the `.env*` files that are
 * for `next dev`. BETTER_AUTH_URL defaults to the preview's own origin. The
 * values reach wrangler through a temporary file only this user can read, not
 * through the command line, which every local process can see.
 *
 * Not `opennextjs-cloudflare preview`: it turns off wrangler's env-file loading
 * (CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV=false), and its one extra step,
 * filling the incremental cache, has nothing to do here without a cache.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, parseEnv } from "node:util";
import { checkConfiguredIssuer } from "../../lib/server/auth/oidc-discovery";
import { ConfigError, ENV_NAMES, readServerEnv } from "../../lib/shared/env";
import { packageBin } from "../package-bin";
import { staleBuild } from "./build-freshness";
import { findBakedSecrets, OUT_DIR } from "./secrets";

/** The variables the app reads (lib/shared/env); only these are taken from the environment. */
const APP_VARS = ENV_NAMES.filter((name) => name !== "NODE_ENV" && name !== "PORT");
const DEV_VARS = ".dev.vars";

function fail(message: string): never {
  console.error(`preview:cf: ${message}`);
  process.exit(1);
}

const { values: flags } = parseArgs({ options: { "no-build": { type: "boolean" } } });
const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 1 || port > 65_535)
  fail(`PORT must be a port number (got "${process.env.PORT}")`);
const stale = staleBuild(join(OUT_DIR, "worker.js"));
if (stale && flags["no-build"]) fail(`${stale}: run \`npm run build:cf\`, or drop --no-build`);
if (stale) {
  console.log(`preview:cf: ${stale}; building first (npm run build:cf).`);
  const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/cloudflare/build.ts"], { stdio: "inherit" });
  if (build.status !== 0) fail("the build failed (see above)");
}
const problems = await findBakedSecrets();
if (problems.length > 0)
  fail(`the build carries secrets; rebuild with \`npm run build:cf\`:\n${problems.map((p) => `  - ${p}`).join("\n")}`);

// The environment wins over .dev.vars, as an explicit setting should.
const vars: Record<string, string> = existsSync(DEV_VARS)
  ? { ...(parseEnv(readFileSync(DEV_VARS, "utf8")) as Record<string, string>) }
  : {};
for (const name of APP_VARS) {
  const value = process.env[name];
  if (value !== undefined) vars[name] = value;
}
const origin = `http://localhost:${port}`;
vars.BETTER_AUTH_URL ??= origin;

// Refuse now, naming each bad variable, rather than answer every request with a 500.
try {
  const env = readServerEnv({ ...vars, NODE_ENV: "production" }, { workerd: true });
  // As next start does at start-up: a wrong OIDC_ISSUER stops here, one that does not answer is reported.
  await checkConfiguredIssuer(env, (message) => console.warn(`preview:cf: ${message}`));
} catch (error) {
  if (error instanceof ConfigError) fail(`${error.message}\nSet them in the environment or in ${DEV_VARS}.`);
  fail((error as Error).message);
}
if (new URL(vars.BETTER_AUTH_URL).origin !== origin) {
  console.warn(
    `preview:cf: BETTER_AUTH_URL is ${vars.BETTER_AUTH_URL}, not ${origin}: cookies and origin checks will not match this preview.`,
  );
}

/**
 * One line of a dotenv file that wrangler reads back unchanged: its parser
 * keeps single- or backtick-quoted text as is, and its expansion step turns
 * `$NAME` into another variable's value unless written `\$`.
 */
function dotenvLine(name: string, value: string): string {
  if (/[\r\n]/.test(value)) fail(`${name} contains a line break, which wrangler's env files cannot carry`);
  const quote = value.includes("'") ? "`" : "'";
  if (value.includes(quote)) fail(`${name} contains both ' and \`, which wrangler's env files cannot carry`);
  return `${name}=${quote}${value.replaceAll("$", "\\$")}${quote}`;
}

const envText = `${Object.entries(vars)
  .map(([name, value]) => dotenvLine(name, value))
  .join("\n")}\n`;
const secretsDir = mkdtempSync(join(tmpdir(), "edgegate-preview-"));
const envFile = join(secretsDir, "worker.env");
writeFileSync(envFile, envText, { mode: 0o600 });
const cleanUp = () => rmSync(secretsDir, { recursive: true, force: true });

const started = Date.now();
const wrangler = spawn(
  process.execPath,
  // --test-scheduled: GET /__scheduled runs the Cron Trigger's handler (worker.ts), as the tests do.
  [
    packageBin("wrangler", "wrangler"),
    "dev",
    "--port",
    String(port),
    "--ip",
    "127.0.0.1",
    "--env-file",
    envFile,
    "--test-scheduled",
  ],
  // --env-file is only read while wrangler's env-file loading is on (its default).
  { stdio: "inherit", env: { ...process.env, CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: "true" } },
);
wrangler.on("exit", (code, signal) => {
  cleanUp();
  process.exit(code ?? (signal ? 1 : 0));
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => wrangler.kill(signal));

// The URL is printed once the Worker has answered, so it is also the time to first response.
while (wrangler.exitCode === null) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/auth/get-session`, {
      signal: AbortSignal.timeout(60_000),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const note = response.ok ? "" : ` (it answered ${response.status}: see the log above)`;
    console.log(
      `\npreview:cf: edgegate is running at ${origin} — first response after ${seconds} s${note}. Ctrl-C stops it.\n`,
    );
    break;
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
