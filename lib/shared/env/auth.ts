/** What both the edge gate and the server need: the origin, the secret, the session cache window, the gate's timeout. */
import { isLoopbackHost } from "@/lib/shared/loopback";
import { type EnvSource, type Problems, readInteger, readText } from "./read";

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

export const AUTH_ENV_NAMES = [
  "NODE_ENV",
  "BETTER_AUTH_URL",
  "PORT",
  "BETTER_AUTH_SECRET",
  "SESSION_CACHE_MAX_AGE",
  "GATE_FALLBACK_TIMEOUT_MS",
];
export const MIN_SECRET_LENGTH = 32;

function readBaseURL(source: EnvSource, production: boolean, problems: Problems): string {
  const raw = readText(source, "BETTER_AUTH_URL");
  if (!raw) {
    if (production)
      problems.push("BETTER_AUTH_URL is not set: set it to the public origin, e.g. https://app.example.com");
    return `http://localhost:${readText(source, "PORT") ?? "3000"}`;
  }
  if (!URL.canParse(raw)) {
    problems.push(`BETTER_AUTH_URL is not a URL (got "${raw}")`);
    return "http://localhost:3000";
  }
  const url = new URL(raw);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    problems.push(`BETTER_AUTH_URL must start with https:// or http:// (got "${raw}")`);
  } else if (production && url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    // Plain http off loopback would send session cookies without the Secure flag.
    problems.push(`BETTER_AUTH_URL must use https:// in production (got "${raw}"); http is allowed only for localhost`);
  }
  return url.origin;
}

function readSecret(source: EnvSource, production: boolean, problems: Problems): string {
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

export function collectAuthEnv(source: EnvSource, problems: Problems): AuthEnv {
  const production = source.NODE_ENV === "production";
  return {
    production,
    baseURL: readBaseURL(source, production, problems),
    secret: readSecret(source, production, problems),
    sessionCacheMaxAge: readInteger(source, "SESSION_CACHE_MAX_AGE", 300, { min: 10, max: 86_400 }, problems),
    gateFallbackTimeoutMs: readInteger(source, "GATE_FALLBACK_TIMEOUT_MS", 1500, { min: 50, max: 30_000 }, problems),
  };
}
