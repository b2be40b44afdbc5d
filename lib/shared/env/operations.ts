/**
 * Running it over time: how long the security log keeps events, and the
 * secret that lets a scheduler (Vercel Cron, the Worker's Cron Trigger, your
 * own cron) run the housekeeping job (app/api/cron/housekeeping).
 */
import { type EnvSource, type Problems, readInteger, readText } from "./read";

export interface OperationsEnv {
  securityLogRetentionDays: number;
  /** Unset: the housekeeping route refuses every call. */
  cronSecret: string | undefined;
}

export const OPERATIONS_ENV_NAMES = ["SECURITY_LOG_RETENTION_DAYS", "CRON_SECRET"];

const MIN_CRON_SECRET_LENGTH = 16;

export function readOperationsEnv(source: EnvSource, problems: Problems): OperationsEnv {
  const cronSecret = readText(source, "CRON_SECRET");
  if (cronSecret !== undefined && cronSecret.length < MIN_CRON_SECRET_LENGTH)
    problems.push(
      `CRON_SECRET is too short (${cronSecret.length} characters; at least ${MIN_CRON_SECRET_LENGTH} required)`,
    );
  return {
    securityLogRetentionDays: readInteger(source, "SECURITY_LOG_RETENTION_DAYS", 90, { min: 1, max: 3650 }, problems),
    cronSecret,
  };
}
