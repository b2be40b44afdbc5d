/**
 * Keeps secrets out of the Cloudflare build (.open-next/), shared by
 * `npm run build:cf` (strip, then check) and `npm run check:cf` (check only,
 * also run before preview, deploy and upload).
 *
 * Why this is needed, as observed with @opennextjs/cloudflare 1.20 (Next 15.5 and 16.4):
 * - OpenNext writes every variable of the project's `.env*` files into
 *   `.open-next/cloudflare/next-env.mjs`, which the Worker imports: the values
 *   are uploaded with the code. Where the build's own environment also sets such
 *   a variable, that value is written instead, so a secret exported only in the
 *   shell leaks too as soon as some `.env*` file names it.
 * - Next's standalone output copies `.env` and `.env.production` next to the
 *   server (`.open-next/server-functions/default/.env`).
 * A Worker takes its configuration from Cloudflare instead (wrangler.toml
 * [vars], `wrangler secret put`, `.dev.vars` for previews), so the build keeps
 * none of it. Whatever OpenNext does next, the value scan below is the
 * guarantee: it fails when any secret known on this machine is found anywhere
 * under .open-next/.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { parseEnv } from "node:util";

export const OUT_DIR = ".open-next";
const NEXT_ENV_FILE = join(OUT_DIR, "cloudflare", "next-env.mjs");
const NEXT_ENV_MODES = ["production", "development", "test"] as const;
/** Shorter values would match by accident (and are no secret worth the name). */
const MIN_SECRET_LENGTH = 8;
const SECRET_NAME =
  /SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_?KEY|_KEY$|DATABASE_URL|SMTP_URL|_DSN$/i;

const isEnvFileName = (name: string) => name === ".env" || name.startsWith(".env.");
const isDevVarsFileName = (name: string) => name === ".dev.vars" || name.startsWith(".dev.vars.");

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** next-env.mjs as OpenNext wrote it: variables per Next mode. */
async function readNextEnv(): Promise<Record<string, Record<string, string>>> {
  // The query defeats the module cache, so a second read sees a rewritten file.
  const module = (await import(`${pathToFileURL(NEXT_ENV_FILE).href}?read=${Date.now()}`)) as Record<string, unknown>;
  const result: Record<string, Record<string, string>> = {};
  for (const [mode, vars] of Object.entries(module)) result[mode] = (vars ?? {}) as Record<string, string>;
  return result;
}

/**
 * Removes what OpenNext and Next copied from `.env*` files into the build.
 * Returns the variable names dropped, so the build can say what the Worker
 * will now have to get from Cloudflare.
 */
export async function stripBakedEnv(): Promise<string[]> {
  if (!existsSync(NEXT_ENV_FILE)) {
    throw new Error(`${NEXT_ENV_FILE} is missing: the OpenNext build did not finish, or its output layout changed.`);
  }
  const dropped = new Set<string>();
  for (const vars of Object.values(await readNextEnv())) for (const name of Object.keys(vars)) dropped.add(name);
  // Same exports, no values: init.js still imports the module by name.
  writeFileSync(NEXT_ENV_FILE, NEXT_ENV_MODES.map((mode) => `export const ${mode} = {};\n`).join(""));
  for (const file of walk(OUT_DIR)) {
    const name = file.split(/[\\/]/).pop() ?? "";
    if (isEnvFileName(name)) rmSync(file);
  }
  return [...dropped].sort();
}

interface Secret {
  /** Where the value comes from, for the report; the value itself is never printed. */
  source: string;
  value: string;
}

/**
 * Values that must never reach the build: those of secret-looking variables
 * in the environment, `.env*` and `.dev.vars*`. Names decide, not files: a
 * public value such as BETTER_AUTH_URL may legitimately appear in the code.
 */
function knownSecrets(env: NodeJS.ProcessEnv = process.env, projectDir = "."): Secret[] {
  const secrets: Secret[] = [];
  const add = (source: string, value: string | undefined) => {
    if (!value || value.length < MIN_SECRET_LENGTH) return;
    secrets.push({ source, value });
    // A connection string's password can leak on its own (e.g. re-encoded).
    try {
      const password = decodeURIComponent(new URL(value).password);
      if (password.length >= MIN_SECRET_LENGTH) secrets.push({ source: `${source} (password)`, value: password });
    } catch {
      // not a URL
    }
  };
  const isSecretName = (name: string) => SECRET_NAME.test(name) && !name.startsWith("NEXT_PUBLIC_");
  for (const [name, value] of Object.entries(env)) if (isSecretName(name)) add(`${name} in the environment`, value);
  for (const entry of readdirSync(projectDir, { withFileTypes: true })) {
    const file = entry.name;
    if (!entry.isFile() || !(isEnvFileName(file) || isDevVarsFileName(file)) || file.endsWith(".example")) continue;
    const vars = parseEnv(readFileSync(join(projectDir, file), "utf8")) as Record<string, string>;
    for (const [name, value] of Object.entries(vars)) if (isSecretName(name)) add(`${name} in ${file}`, value);
  }
  return secrets;
}

/** Every reason the build under .open-next/ is unsafe to upload; empty when it is safe. */
export async function findBakedSecrets(secrets: Secret[] = knownSecrets()): Promise<string[]> {
  if (!existsSync(OUT_DIR)) return [`${OUT_DIR}/ does not exist: run \`npm run build:cf\` first`];
  const problems: string[] = [];
  if (!existsSync(NEXT_ENV_FILE)) {
    problems.push(`${NEXT_ENV_FILE} is missing: rebuild with \`npm run build:cf\``);
  } else {
    for (const [mode, vars] of Object.entries(await readNextEnv())) {
      const names = Object.keys(vars);
      if (names.length > 0)
        problems.push(
          `${NEXT_ENV_FILE} sets ${names.join(", ")} (${mode}): build with \`npm run build:cf\`, not \`opennextjs-cloudflare build\``,
        );
    }
  }
  const needles = secrets.map((secret) => ({ ...secret, bytes: Buffer.from(secret.value) }));
  for (const file of walk(OUT_DIR)) {
    const name = file.split(/[\\/]/).pop() ?? "";
    if (isEnvFileName(name)) problems.push(`${relative(".", file)} is an env file copied into the build`);
    if (needles.length === 0) continue;
    const content = readFileSync(file);
    for (const needle of needles) {
      if (content.includes(needle.bytes))
        problems.push(`${relative(".", file)} contains the value of ${needle.source}`);
    }
  }
  return problems;
}
