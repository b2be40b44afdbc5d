/** A complete production configuration, and the problems readServerEnv reports for a variant of it. */
import { expect } from "vitest";
import { ConfigError, readServerEnv } from "@/lib/shared/env";

export const SECRET = "s".repeat(32);

export const PRODUCTION_ENV = {
  NODE_ENV: "production",
  BETTER_AUTH_URL: "https://app.example.com",
  BETTER_AUTH_SECRET: SECRET,
  DATABASE_URL: "postgres://u:p@db.example.com/app",
  RESEND_API_KEY: "re_test_0123456789",
  MAIL_FROM: "edgegate <no-reply@example.com>",
};

/** The problems reported for `source` ([] when it is valid); anything but a ConfigError fails the test. */
export function configProblems(
  source: Record<string, string | undefined>,
  context: { workerd?: boolean } = {},
): string[] {
  try {
    readServerEnv(source, context);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  return [];
}
