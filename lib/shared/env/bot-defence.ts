/**
 * Bots and breached passwords (docs/accounts.md): Cloudflare Turnstile on the
 * forms that sign up, sign in or send mail, switched on by its key pair; and
 * the Pwned Passwords check on every new password, on unless switched off.
 * The URLs exist for the local stand-ins the tests use (and a proxy).
 */
import { isLoopbackHost } from "@/lib/shared/loopback";
import { type EnvSource, type Problems, readChoice, readHttpUrl, readText } from "./read";

export interface TurnstileEnv {
  siteKey: string;
  secretKey: string;
  siteverifyUrl: string;
  /** One of Cloudflare's test secrets: its answers name `example.com`, not the site. */
  testSecret: boolean;
}

export interface BotDefenceEnv {
  /** Null: off (neither key set). */
  turnstile: TurnstileEnv | null;
  /** Null: off (PASSWORD_BREACH_CHECK=off). */
  breachCheck: { url: string } | null;
}

export const BOT_DEFENCE_ENV_NAMES = [
  "TURNSTILE_SITE_KEY",
  "TURNSTILE_SECRET_KEY",
  "TURNSTILE_SITEVERIFY_URL",
  "PASSWORD_BREACH_CHECK",
  "PWNED_PASSWORDS_URL",
];

const DEFAULT_SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";
const DEFAULT_PWNED_PASSWORDS_URL = "https://api.pwnedpasswords.com";
/** Cloudflare's documented test secrets: they accept only the dummy token, so they protect nothing. */
const TEST_SECRET = /^[123]x0{31}AA$/;

function readTurnstile(source: EnvSource, production: boolean, problems: Problems): TurnstileEnv | null {
  const siteKey = readText(source, "TURNSTILE_SITE_KEY");
  const secretKey = readText(source, "TURNSTILE_SECRET_KEY");
  const url = readHttpUrl(source, "TURNSTILE_SITEVERIFY_URL", problems);
  if (!siteKey && !secretKey) return null;
  if (!siteKey || !secretKey) {
    const [set, missing] = siteKey
      ? ["TURNSTILE_SITE_KEY", "TURNSTILE_SECRET_KEY"]
      : ["TURNSTILE_SECRET_KEY", "TURNSTILE_SITE_KEY"];
    problems.push(`${set} is set without ${missing}: Turnstile needs both (or neither, to switch it off)`);
    return null;
  }
  // The tests run production builds against the local stand-in: only there may a test secret be used.
  if (production && TEST_SECRET.test(secretKey) && !(url && isLoopbackHost(url.hostname))) {
    problems.push("TURNSTILE_SECRET_KEY is one of Cloudflare's test secrets: in production it would let every bot in");
  }
  return {
    siteKey,
    secretKey,
    siteverifyUrl: url?.href ?? DEFAULT_SITEVERIFY_URL,
    testSecret: TEST_SECRET.test(secretKey),
  };
}

export function readBotDefenceEnv(source: EnvSource, production: boolean, problems: Problems): BotDefenceEnv {
  const check = readChoice(source, "PASSWORD_BREACH_CHECK", ["on", "off"] as const, "on", problems);
  const pwned = readHttpUrl(source, "PWNED_PASSWORDS_URL", problems)?.origin ?? DEFAULT_PWNED_PASSWORDS_URL;
  return {
    turnstile: readTurnstile(source, production, problems),
    breachCheck: check === "on" ? { url: pwned } : null,
  };
}
