/**
 * What the two entries of the benchmark's variant (./proxy.ts on Node,
 * ./middleware.ts on Workers) share: which pattern a path asks for, the
 * cookie-only check, and the answer with the decision's time in Server-Timing
 * (as the gate reports its own).
 */
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { COOKIE_PREFIX } from "@/lib/shared/auth/cookies";
import { signInPath } from "@/lib/shared/auth/redirects";

export const PATTERNS = ["cookie-only", "get-session", "page-recheck"] as const;
export type Pattern = (typeof PATTERNS)[number];

/** /patterns/<name>: the pattern that guards it; anything else is the kit's gate's. */
export function patternOf(request: NextRequest): Pattern | null {
  const [, first, name] = request.nextUrl.pathname.split("/");
  return first === "patterns" && PATTERNS.includes(name as Pattern) ? (name as Pattern) : null;
}

/** Better Auth's documented optimistic check: the cookie is there; nothing verifies it. */
export const hasSessionCookie = (request: NextRequest) =>
  getSessionCookie(request, { cookiePrefix: COOKIE_PREFIX }) !== null;

/** On to the page, or to sign-in; with the time since `started` as the decision's. */
export function answer(request: NextRequest, pattern: Pattern, signedIn: boolean, started: number): NextResponse {
  const response = signedIn
    ? NextResponse.next()
    : NextResponse.redirect(new URL(signInPath(request.nextUrl.pathname), request.url));
  response.headers.set("server-timing", `pattern;desc="${pattern}";dur=${(performance.now() - started).toFixed(3)}`);
  return response;
}
