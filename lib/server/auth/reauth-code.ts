/**
 * The proof for accounts without a password: a one-time code mailed to the
 * account's address. It is bound to the session that asked for it (its row is
 * named by the session id, which a proof replaces), works once, for
 * REAUTH_CODE_LIFETIME, and only its HMAC with the app secret is stored, so a
 * database backup holds no usable code and six digits cannot be reversed
 * without the secret. Sends and wrong codes are limited per account in the
 * shared counters (./rate-limit.ts): a thief holding the session gets five
 * guesses in a million per quarter hour, and cannot flood the owner's inbox.
 */
import type { GenericEndpointContext } from "@better-auth/core";
import { APIError } from "better-auth/api";
import { generateRandomString } from "better-auth/crypto";
import type { Database } from "@/lib/server/db/types";
import { REAUTH_CODE_DIGITS, REAUTH_CODE_LIFETIME } from "@/lib/shared/auth/reauthentication";
import { fromBase64Url, toBase64Url } from "@/lib/shared/base64url";
import { hmacKey, hmacMatches, hmacOf } from "@/lib/shared/hmac";
import { consume, refund } from "./rate-limit";

const LIMIT_WINDOW = 15 * 60;
const MAX_SENDS = 3;
const MAX_WRONG_CODES = 5;

const identifierOf = (sessionId: string) => `reauth-code:${sessionId}`;
/** What the MAC covers: the code and the session and account it was issued to. */
const macInput = (sessionId: string, userId: string, code: string) => `reauth-code|${sessionId}|${userId}|${code}`;

export const REAUTH_CODE_ERRORS = {
  INVALID_CODE: { code: "INVALID_EMAIL_CODE", message: "That code is not right, or has expired" },
  TOO_MANY_CODES: { code: "TOO_MANY_CODES", message: "Too many codes asked for: wait a few minutes" },
  TOO_MANY_WRONG_CODES: { code: "TOO_MANY_WRONG_CODES", message: "Too many wrong codes: wait a few minutes" },
};

function tooMany(error: { code: string; message: string }, retryAfter: number | null): APIError {
  return new APIError("TOO_MANY_REQUESTS", error, { "Retry-After": String(retryAfter ?? LIMIT_WINDOW) });
}

interface SessionRef {
  sessionId: string;
  userId: string;
}

/** Stores a new code for the session (a previous one stops working) and returns it, to be mailed. */
export async function issueCode(
  ctx: GenericEndpointContext,
  db: Database,
  secret: string,
  { sessionId, userId }: SessionRef,
): Promise<string> {
  const sends = await consume(db, `reauth-code-sends|${userId}`, { window: LIMIT_WINDOW, max: MAX_SENDS });
  if (!sends.allowed) throw tooMany(REAUTH_CODE_ERRORS.TOO_MANY_CODES, sends.retryAfter);
  const code = generateRandomString(REAUTH_CODE_DIGITS, "0-9");
  await ctx.context.internalAdapter.deleteVerificationByIdentifier(identifierOf(sessionId));
  await ctx.context.internalAdapter.createVerificationValue({
    identifier: identifierOf(sessionId),
    value: toBase64Url(hmacOf(hmacKey(secret), macInput(sessionId, userId, code))),
    expiresAt: new Date(Date.now() + REAUTH_CODE_LIFETIME * 1000),
  });
  return code;
}

/** Spends the session's code when `code` is it; throws otherwise (a wrong code counts against the account). */
export async function spendCode(
  ctx: GenericEndpointContext,
  db: Database,
  secret: string,
  { sessionId, userId }: SessionRef,
  code: string,
): Promise<void> {
  const triesKey = `reauth-code-tries|${userId}`;
  const tries = await consume(db, triesKey, { window: LIMIT_WINDOW, max: MAX_WRONG_CODES });
  if (!tries.allowed) throw tooMany(REAUTH_CODE_ERRORS.TOO_MANY_WRONG_CODES, tries.retryAfter);
  const stored = await ctx.context.internalAdapter.findVerificationValue(identifierOf(sessionId));
  const mac = stored && stored.expiresAt > new Date() ? fromBase64Url(stored.value) : null;
  const right = mac !== null && hmacMatches(hmacKey(secret), mac, macInput(sessionId, userId, code));
  // Consumed atomically: of two requests with the right code, one proves.
  if (!right || !(await ctx.context.internalAdapter.consumeVerificationValue(identifierOf(sessionId)))) {
    throw APIError.from("BAD_REQUEST", REAUTH_CODE_ERRORS.INVALID_CODE);
  }
  await refund(db, triesKey);
}
