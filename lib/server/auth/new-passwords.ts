/**
 * What a new password must be (NIST SP 800-63B-4 §3.1.1.2): a length counted
 * in code points (lib/shared/auth/validation.ts), and, when the check is on,
 * not in the Pwned Passwords corpus (./breached-passwords.ts). It runs where
 * Better Auth hashes a new password, before the hash, so a refused password
 * costs no scrypt, and on every endpoint that sets one, server calls through
 * `auth.api` included: the hash is the seam every new password goes through.
 *
 * Why not Better Auth's `haveIBeenPwned` plugin, whose mechanism this follows:
 * its URL cannot be changed (no stand-in, no proxy), it has no deadline, it
 * fails closed with a 500 when the API is away, and it leaves out
 * `/set-password`. Here the check has PASSWORD_CHECK_DEADLINE_MS for its
 * answer, and when it has none the password is accepted and the skip
 * reported: refusing every sign-up and reset during someone else's outage
 * would hurt people for little gain. And Better Auth counts a length in UTF-16
 * units, where NIST counts code points.
 */
import { tryGetCurrentAuthEndpointContext } from "@better-auth/core/context";
import type { BetterAuthPlugin } from "better-auth";
import { APIError } from "better-auth/api";
import { PASSWORD_ERRORS, passwordLengthBroken } from "@/lib/shared/auth/validation";
import { isBreached } from "./breached-passwords";

/**
 * The endpoints whose `password` field is a new one. Sign-in's is not: it
 * hashes what it is sent for unknown users too (equal timing), and a rule
 * there would tell which addresses have accounts. A `newPassword` field is a
 * new password wherever it is sent, including the server-only
 * `auth.api.setPassword`, which has no path to list.
 */
export const NEW_PASSWORD_PATHS = ["/sign-up/email", "/admin/create-user"];

type EndpointContext = NonNullable<ReturnType<typeof tryGetCurrentAuthEndpointContext>>;

function isNewPassword(password: string, endpoint: EndpointContext): boolean {
  if (endpoint.path && NEW_PASSWORD_PATHS.includes(endpoint.path)) return true;
  return (endpoint.body as { newPassword?: unknown } | undefined)?.newPassword === password;
}

export const PASSWORD_COMPROMISED = {
  code: "PASSWORD_COMPROMISED",
  message:
    "This password appears in known data breaches, so attackers try it early. Choose another: a few unrelated words work well.",
} as const;

/** Why a password could not be checked against the breach corpus, and for whom (for the security log); it was accepted. */
export interface SkippedCheck {
  reason: string;
  /** The account, when the request names it (a sign-up's address, a session's user). */
  email: string | null;
  headers: Headers | undefined;
}

export interface BreachCheck {
  url: string;
  onSkipped: (skipped: SkippedCheck) => void;
}

export function newPasswords(breachCheck: BreachCheck | null): BetterAuthPlugin {
  return {
    id: "edgegate-new-passwords",
    init(ctx) {
      const hash = ctx.password.hash;
      return {
        context: {
          password: {
            ...ctx.password,
            async hash(password: string) {
              // Outside an endpoint (the operator's own scripts) nothing is asked.
              const endpoint = tryGetCurrentAuthEndpointContext();
              if (!endpoint || !isNewPassword(password, endpoint)) return hash(password);
              const broken = passwordLengthBroken(password);
              if (broken) throw APIError.from("BAD_REQUEST", { code: broken, message: PASSWORD_ERRORS[broken] });
              if (breachCheck && (await breached(password, breachCheck, endpoint))) {
                throw APIError.from("BAD_REQUEST", PASSWORD_COMPROMISED);
              }
              return hash(password);
            },
          },
        },
      };
    },
  };
}

/** Breached, or not known within the deadline (then false, and reported). */
async function breached(password: string, check: BreachCheck, endpoint: EndpointContext): Promise<boolean> {
  try {
    return await isBreached(password, check.url);
  } catch (failure) {
    const reason = (failure as Error).name === "TimeoutError" ? "timeout" : (failure as Error).message;
    console.warn(`[password-check] skipped, password accepted: ${reason}`);
    const sent = (endpoint.body as { email?: unknown } | undefined)?.email;
    const email = typeof sent === "string" ? sent : (endpoint.context.session?.user.email ?? null);
    check.onSkipped({ reason, email, headers: endpoint.headers });
    return false;
  }
}
