/**
 * Environment, read and validated in one place, so the gate (middleware) and
 * the server read the same values the same way. Every problem is reported at
 * once, each naming its variable (see ./read.ts).
 */
import { isEmailAddress } from "@/lib/shared/auth/validation";
import { AUTH_ENV_NAMES, type AuthEnv, collectAuthEnv } from "./auth";
import { BOT_DEFENCE_ENV_NAMES, type BotDefenceEnv, readBotDefenceEnv } from "./bot-defence";
import { MAIL_ENV_NAMES, type MailEnv, readMailEnv } from "./mail";
import { OPERATIONS_ENV_NAMES, type OperationsEnv, readOperationsEnv } from "./operations";
import { type EnvSource, type Problems, readInteger, readText, throwIfAny } from "./read";
import { readSignInEnv, SIGN_IN_ENV_NAMES, type SignInEnv } from "./sign-in";

export type { AuthEnv } from "./auth";
export { MIN_SECRET_LENGTH } from "./auth";
export type { BotDefenceEnv, TurnstileEnv } from "./bot-defence";
export type { MailEnv, MailTransportConfig } from "./mail";
export { ConfigError, type EnvSource } from "./read";
export type { OAuthProvider, SignInEnv } from "./sign-in";

/** What only the server (Node runtime or Worker) needs. */
export interface ServerEnv extends AuthEnv {
  databaseUrl: string | undefined;
  /** The deadline of each database call (lib/server/db/deadline.ts). */
  databaseTimeoutMs: number;
  /** Folder of the embedded development database, used when DATABASE_URL is unset. */
  embeddedDataDir: string;
  /** Addresses that get the admin role once verified. */
  adminEmails: ReadonlySet<string>;
  /** How long after a proof of identity (sign-in, password, passkey, mailed code) a session may hand the account over, seconds. */
  reauthMaxAge: number;
  mail: MailEnv;
  signIn: SignInEnv;
  operations: OperationsEnv;
  botDefence: BotDefenceEnv;
}

/** Every variable the app reads; `npm run preview:cf` passes exactly these to the Worker. */
export const ENV_NAMES = [
  ...AUTH_ENV_NAMES,
  "DATABASE_URL",
  "DATABASE_TIMEOUT_MS",
  "EMBEDDED_DB_DIR",
  "ADMIN_EMAILS",
  "REAUTH_MAX_AGE",
  ...MAIL_ENV_NAMES,
  ...SIGN_IN_ENV_NAMES,
  ...OPERATIONS_ENV_NAMES,
  ...BOT_DEFENCE_ENV_NAMES,
];

/** Long enough for a sign-up's transaction on a busy server, short enough that nobody waits on a hung database. */
export const DEFAULT_DATABASE_TIMEOUT_MS = 5000;

export interface ServerContext {
  /** Inside a Worker: no SMTP, no embedded database. */
  workerd?: boolean;
}

function readDatabaseUrl(source: EnvSource, production: boolean, problems: Problems): string | undefined {
  const raw = readText(source, "DATABASE_URL");
  if (!raw) {
    if (production) {
      problems.push(
        "DATABASE_URL is not set: production needs a Postgres (Neon) connection string; the embedded database is for development only",
      );
    }
    return undefined;
  }
  const protocol = URL.canParse(raw) ? new URL(raw).protocol : "";
  if (protocol !== "postgres:" && protocol !== "postgresql:") {
    problems.push("DATABASE_URL must be a postgres:// or postgresql:// connection string");
  }
  return raw;
}

function readAdminEmails(source: EnvSource, emailVerification: boolean, problems: Problems): Set<string> {
  const emails = new Set<string>();
  for (const entry of (source.ADMIN_EMAILS ?? "").split(",")) {
    const email = entry.trim().toLowerCase();
    if (!email) continue;
    if (!isEmailAddress(email))
      problems.push(`ADMIN_EMAILS has an entry that is not an email address: "${entry.trim()}"`);
    else emails.add(email);
  }
  if (emails.size > 0 && !emailVerification) {
    // The role goes to whoever proves the address; with verification off nobody can.
    problems.push(
      "ADMIN_EMAILS needs EMAIL_VERIFICATION=required: the admin role is granted only to a verified address",
    );
  }
  return emails;
}

export function readAuthEnv(source: EnvSource): AuthEnv {
  const problems: Problems = [];
  const env = collectAuthEnv(source, problems);
  throwIfAny(problems);
  return env;
}

export function readServerEnv(source: EnvSource, context: ServerContext = {}): ServerEnv {
  const problems: Problems = [];
  const auth = collectAuthEnv(source, problems);
  const embeddedDataDir = readText(source, "EMBEDDED_DB_DIR") ?? ".data/pglite";
  // The folder that holds the embedded database holds the development outbox too.
  const trimmed = embeddedDataDir.replace(/\/+$/, "");
  const dataDir = trimmed.includes("/") ? trimmed.slice(0, trimmed.lastIndexOf("/")) || "/" : ".";
  const mail = readMailEnv(
    source,
    { production: auth.production, workerd: context.workerd ?? false, dataDir },
    problems,
  );
  const env: ServerEnv = {
    ...auth,
    databaseUrl: readDatabaseUrl(source, auth.production, problems),
    databaseTimeoutMs: readInteger(
      source,
      "DATABASE_TIMEOUT_MS",
      DEFAULT_DATABASE_TIMEOUT_MS,
      { min: 100, max: 60_000 },
      problems,
    ),
    embeddedDataDir,
    adminEmails: readAdminEmails(source, mail.emailVerification, problems),
    reauthMaxAge: readInteger(source, "REAUTH_MAX_AGE", 300, { min: 10, max: 86_400 }, problems),
    mail,
    signIn: readSignInEnv(source, mail.transport !== null, problems),
    operations: readOperationsEnv(source, problems),
    botDefence: readBotDefenceEnv(source, auth.production, problems),
  };
  throwIfAny(problems);
  return env;
}
