/**
 * Environment, read and validated in one place, so the gate (middleware)
 * and the server read the same values the same way.
 *
 * Every problem is collected and reported at once, each naming its variable,
 * because a deploy that fails one variable at a time wastes a round trip each.
 */
import { isEmailAddress } from "./auth/validation";
import { isLoopbackHost } from "./loopback";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`edgegate configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export type EnvSource = Record<string, string | undefined>;

/** What both the edge gate and the server need. */
export interface AuthEnv {
  production: boolean;
  /** Origin of the app, e.g. `https://app.example.com` (BETTER_AUTH_URL). */
  baseURL: string;
  secret: string;
  /** Lifetime of the signed session cache cookie, seconds. */
  sessionCacheMaxAge: number;
  /** How long the gate waits for `/api/auth/get-session`, milliseconds. */
  gateFallbackTimeoutMs: number;
}

/** What only the server (Node runtime or Worker) needs. */
export interface ServerEnv extends AuthEnv {
  databaseUrl: string | undefined;
  /** Folder of the embedded development database, used when DATABASE_URL is unset. */
  embeddedDataDir: string;
  adminEmails: ReadonlySet<string>;
}

export const MIN_SECRET_LENGTH = 32;
const DEFAULT_CACHE_MAX_AGE = 300;
const DEFAULT_FALLBACK_TIMEOUT_MS = 1500;

function readInteger(
  source: EnvSource,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = source[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function readBaseURL(source: EnvSource, production: boolean, problems: string[]): string {
  const raw = source.BETTER_AUTH_URL?.trim();
  if (!raw) {
    if (production)
      problems.push("BETTER_AUTH_URL is not set: set it to the public origin, e.g. https://app.example.com");
    return `http://localhost:${source.PORT?.trim() || "3000"}`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`BETTER_AUTH_URL is not a URL (got "${raw}")`);
    return "http://localhost:3000";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    problems.push(`BETTER_AUTH_URL must start with https:// or http:// (got "${raw}")`);
  } else if (production && url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    // Plain http off loopback would send session cookies without the Secure flag.
    problems.push(`BETTER_AUTH_URL must use https:// in production (got "${raw}"); http is allowed only for localhost`);
  }
  return url.origin;
}

function readSecret(source: EnvSource, production: boolean, problems: string[]): string {
  const secret = source.BETTER_AUTH_SECRET ?? "";
  if (!secret) {
    problems.push(
      production
        ? "BETTER_AUTH_SECRET is not set: generate one with `openssl rand -base64 32` and set it as a secret"
        : "BETTER_AUTH_SECRET is not set: `npm run dev` generates one into .env.development.local",
    );
  } else if (secret.length < MIN_SECRET_LENGTH) {
    problems.push(
      `BETTER_AUTH_SECRET is too short (${secret.length} characters; at least ${MIN_SECRET_LENGTH} required): generate one with \`openssl rand -base64 32\``,
    );
  }
  return secret;
}

function collectAuthEnv(source: EnvSource, problems: string[]): AuthEnv {
  const production = source.NODE_ENV === "production";
  return {
    production,
    baseURL: readBaseURL(source, production, problems),
    secret: readSecret(source, production, problems),
    sessionCacheMaxAge: readInteger(source, "SESSION_CACHE_MAX_AGE", DEFAULT_CACHE_MAX_AGE, 10, 86_400, problems),
    gateFallbackTimeoutMs: readInteger(
      source,
      "GATE_FALLBACK_TIMEOUT_MS",
      DEFAULT_FALLBACK_TIMEOUT_MS,
      50,
      30_000,
      problems,
    ),
  };
}

function readAdminEmails(source: EnvSource, problems: string[]): Set<string> {
  const emails = new Set<string>();
  for (const entry of (source.ADMIN_EMAILS ?? "").split(",")) {
    const email = entry.trim().toLowerCase();
    if (!email) continue;
    if (!isEmailAddress(email))
      problems.push(`ADMIN_EMAILS has an entry that is not an email address: "${entry.trim()}"`);
    else emails.add(email);
  }
  return emails;
}

function readDatabaseUrl(source: EnvSource, production: boolean, problems: string[]): string | undefined {
  const raw = source.DATABASE_URL?.trim();
  if (!raw) {
    if (production) {
      problems.push(
        "DATABASE_URL is not set: production needs a Postgres (Neon) connection string; the embedded database is for development only",
      );
    }
    return undefined;
  }
  try {
    const url = new URL(raw);
    if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") throw new Error("protocol");
  } catch {
    problems.push("DATABASE_URL must be a postgres:// or postgresql:// connection string");
  }
  return raw;
}

function throwIfAny(problems: string[]): void {
  if (problems.length > 0) throw new ConfigError(problems);
}

export function readAuthEnv(source: EnvSource): AuthEnv {
  const problems: string[] = [];
  const env = collectAuthEnv(source, problems);
  throwIfAny(problems);
  return env;
}

export function readServerEnv(source: EnvSource): ServerEnv {
  const problems: string[] = [];
  const auth = collectAuthEnv(source, problems);
  const env: ServerEnv = {
    ...auth,
    databaseUrl: readDatabaseUrl(source, auth.production, problems),
    embeddedDataDir: source.EMBEDDED_DB_DIR?.trim() || ".data/pglite",
    adminEmails: readAdminEmails(source, problems),
  };
  throwIfAny(problems);
  return env;
}
