/**
 * Known-breached passwords refused (NIST SP 800-63B §3.1.1.2), with the Pwned
 * Passwords range API: only the first five hex characters of the password's
 * SHA-1 leave the server, with `Add-Padding` so the answer's size says
 * nothing either. It runs where a new password is hashed, before the hash, so
 * a refused password costs no scrypt, and on every path that sets one
 * (server calls through `auth.api` included).
 *
 * Why not Better Auth's `haveIBeenPwned` plugin, whose mechanism this follows:
 * its URL cannot be changed (no stand-in, no proxy), it has no deadline, it
 * fails closed with a 500 when the API is away, and it leaves out
 * `/set-password`. Here the check has PASSWORD_CHECK_DEADLINE_MS for its
 * answer, and when it has none the password is accepted and the skip
 * reported: refusing every sign-up and reset during someone else's outage
 * would hurt people for little gain.
 */
import { getCurrentAuthEndpointContext } from "@better-auth/core/context";
import type { BetterAuthPlugin } from "better-auth";
import { APIError } from "better-auth/api";

/** Where a new password is set; sign-in is not (it hashes for unknown users, and must not become an oracle). */
export const NEW_PASSWORD_PATHS = [
  "/sign-up/email",
  "/change-password",
  "/reset-password",
  "/set-password",
  "/admin/create-user",
  "/admin/set-user-password",
];

export const PASSWORD_CHECK_DEADLINE_MS = 500;

export const PASSWORD_COMPROMISED = {
  code: "PASSWORD_COMPROMISED",
  message:
    "This password appears in known data breaches, so attackers try it early. Choose another: a few unrelated words work well.",
} as const;

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** How many times the range answer says the suffix was seen; padding lines (count 0) and others are not it. */
export function timesSeen(rangeAnswer: string, suffix: string): number {
  const wanted = `${suffix.toUpperCase()}:`;
  for (const line of rangeAnswer.split(/\r?\n/)) {
    if (line.slice(0, wanted.length).toUpperCase() !== wanted) continue;
    const count = line.slice(wanted.length).trim();
    if (!/^\d{1,12}$/.test(count)) throw new Error("malformed count");
    return Number(count);
  }
  return 0;
}

/** Whether the password is in the corpus; throws when that cannot be known within the deadline. */
export async function isBreached(password: string, apiUrl: string): Promise<boolean> {
  const sha1 = hex(await crypto.subtle.digest("SHA-1", new TextEncoder().encode(password))).toUpperCase();
  const response = await fetch(`${apiUrl}/range/${sha1.slice(0, 5)}`, {
    headers: { "add-padding": "true", "user-agent": "edgegate password check" },
    signal: AbortSignal.timeout(PASSWORD_CHECK_DEADLINE_MS),
  });
  if (!response.ok) throw new Error(`status ${response.status}`);
  const text = await response.text();
  if (text && !/^[0-9A-Fa-f]{35}:/.test(text)) throw new Error("not the range format");
  return timesSeen(text, sha1.slice(5)) > 0;
}

/**
 * `onSkipped` hears why a password could not be checked, and for whom (for
 * the security log); the password was accepted.
 */
export interface SkippedCheck {
  reason: string;
  /** The account, when the request names it (a sign-up's address, a session's user). */
  email: string | null;
  headers: Headers | undefined;
}

export function breachedPasswords(apiUrl: string, onSkipped: (skipped: SkippedCheck) => void): BetterAuthPlugin {
  return {
    id: "edgegate-breached-passwords",
    init(ctx) {
      const hash = ctx.password.hash;
      return {
        context: {
          password: {
            ...ctx.password,
            async hash(password: string) {
              const endpoint = getCurrentAuthEndpointContext();
              if (!endpoint.path || !NEW_PASSWORD_PATHS.includes(endpoint.path)) return hash(password);
              let breached = false;
              try {
                breached = await isBreached(password, apiUrl);
              } catch (failure) {
                const reason = (failure as Error).name === "TimeoutError" ? "timeout" : (failure as Error).message;
                console.warn(`[password-check] skipped, password accepted: ${reason}`);
                const sent = (endpoint.body as { email?: unknown } | undefined)?.email;
                const email = typeof sent === "string" ? sent : (endpoint.context.session?.user.email ?? null);
                onSkipped({ reason, email, headers: endpoint.headers });
              }
              if (breached) throw APIError.from("BAD_REQUEST", PASSWORD_COMPROMISED);
              return hash(password);
            },
          },
        },
      };
    },
  };
}
