/**
 * Where a user may be sent after signing in. Used by the edge gate, the
 * server and the sign-in form, so all three accept exactly the same targets:
 * same-origin relative paths, nothing else.
 */
import { percentDecodings } from "@/lib/shared/percent-decoding";

export const DEFAULT_AFTER_SIGN_IN = "/dashboard";
export const SIGN_IN_PATH = "/sign-in";
export const SIGN_UP_PATH = "/sign-up";
const MAX_LENGTH = 2048;
const PLACEHOLDER_ORIGIN = "http://edgegate.invalid";

/**
 * Browsers strip tabs and newlines anywhere in a URL and treat `\` as `/`, so
 * none of these may appear literally; invisible spaces are refused as well.
 */
const FORBIDDEN_LITERAL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  /[\s\u0000-\u001f\u007f-\u009f\\\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/;
/** After decoding, a path must still be rooted on this origin and free of control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
const FORBIDDEN_DECODED = /^(?!\/)|^\/[/\\]|[\u0000-\u001f\u007f]/;

function isPlainRelativePath(raw: string): boolean {
  return raw.startsWith("/") && !raw.startsWith("//") && !FORBIDDEN_LITERAL.test(raw);
}

/** Still a path on this origin once dot segments are resolved ("/.%2f/x" decodes to "/.//x", which resolves to "//x"). */
function resolvesOnOrigin(form: string): boolean {
  try {
    const url = new URL(form, PLACEHOLDER_ORIGIN);
    return url.origin === PLACEHOLDER_ORIGIN && !FORBIDDEN_DECODED.test(url.pathname);
  } catch {
    return false;
  }
}

function isSafe(candidate: string): boolean {
  const forms = percentDecodings(candidate);
  return (
    !!forms &&
    isPlainRelativePath(candidate) &&
    forms.every((form) => !FORBIDDEN_DECODED.test(form) && resolvesOnOrigin(form))
  );
}

/**
 * The path itself when it stays on this origin, else null. Any same-origin
 * path qualifies, the sign-in and sign-up pages included: this is the rule
 * for every redirect target handed to Better Auth (lib/server/auth/handler-request.ts).
 */
export function sameOriginPath(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > MAX_LENGTH || !isSafe(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  // Judge what is returned, not only what came in: resolving dot segments can
  // turn a harmless "/.//evil.example" into the protocol-relative "//evil.example".
  const target = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === PLACEHOLDER_ORIGIN && isSafe(target) ? target : null;
}

/**
 * Where to send someone once signed in: a same-origin path, or
 * DEFAULT_AFTER_SIGN_IN. Sign-in and sign-up pages are never a target (that would loop).
 */
export function safeCallbackPath(raw: unknown): string {
  const target = sameOriginPath(raw);
  if (target === null) return DEFAULT_AFTER_SIGN_IN;
  const path = new URL(target, PLACEHOLDER_ORIGIN).pathname.replace(/\/+$/, "").toLowerCase();
  if (path === SIGN_IN_PATH || path === SIGN_UP_PATH) return DEFAULT_AFTER_SIGN_IN;
  return target;
}

/** `/sign-in?callbackUrl=<returnTo>`, for redirects from pages, actions and the gate. */
export function signInPath(returnTo: string): string {
  return `${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(safeCallbackPath(returnTo))}`;
}
