/**
 * Better Auth's log lines, without what its arguments may carry: it logs the
 * errors it catches as they are ("Failed to create user", error), and a
 * failed query's error quotes its parameters (addresses, password hashes,
 * tokens). Errors are named by class and code (lib/server/db/errors.ts);
 * other arguments (a provider id, a list of issue codes) are kept, short.
 */
import type { BetterAuthOptions } from "better-auth";
import { describeError } from "@/lib/server/db/errors";

const MAX_ARGUMENT = 200;

/**
 * Lines Better Auth logs as errors that are a client's mistake answered as
 * such (a wrong API key: every guess would be an error line, and an alert):
 * logged as information instead.
 */
const CLIENT_REFUSALS = new Set(["Failed to validate API key:"]);

function describeArgument(argument: unknown): string {
  if (argument instanceof Error) return describeError(argument);
  const text = typeof argument === "string" ? argument : (JSON.stringify(argument) ?? String(argument));
  return text.length > MAX_ARGUMENT ? `${text.slice(0, MAX_ARGUMENT)}…` : text;
}

export const authLogger: NonNullable<BetterAuthOptions["logger"]> = {
  log(level, message, ...args) {
    const shown = level === "error" && CLIENT_REFUSALS.has(message) ? "info" : level;
    const line = [`[auth] ${shown}: ${message}`, ...args.map(describeArgument)].join(" ");
    if (shown === "error") console.error(line);
    else if (shown === "warn") console.warn(line);
    else console.info(line);
  },
};
