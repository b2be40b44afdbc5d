/**
 * Turns a gate outcome into the HTTP response: redirects for page
 * navigations, JSON for APIs and non-GET requests (server actions), and the
 * session-dependent headers on everything.
 */
// The cookie helpers alone: the package's "better-auth/cookies" entry also loads its JWT code
// (jose, with CompressionStream), which the Edge build flags and the gate never uses.
import { applySetCookies } from "better-auth/cookies/utils";
import { type NextRequest, NextResponse } from "next/server";
import { bearerChallenge } from "@/lib/shared/auth/api-credentials";
import { signInPath } from "@/lib/shared/auth/redirects";
import { RETRY_AFTER_SECONDS } from "@/lib/shared/unavailable";
import type { Outcome } from "./decide";
import { statusPage } from "./status-page";

function isNavigation(request: NextRequest): boolean {
  return request.method === "GET" || request.method === "HEAD";
}

function json(status: number, error: string, extra: HeadersInit = {}): NextResponse {
  return NextResponse.json({ error }, { status, headers: extra });
}

function html(status: number, body: string, extra: HeadersInit = {}): NextResponse {
  return new NextResponse(body, { status, headers: { "content-type": "text/html; charset=utf-8", ...extra } });
}

/**
 * Passes the request on; cookies the auth handler refreshed go to the browser
 * and to this request's page, and headers the gate sets for the handler (they
 * replace any of the same name the client sent).
 */
function pass(request: NextRequest, setCookies: string[], requestHeaders: Record<string, string> = {}): NextResponse {
  const added = Object.entries(requestHeaders);
  if (setCookies.length === 0 && added.length === 0) return NextResponse.next();
  const headers = new Headers(request.headers);
  applySetCookies(headers, setCookies);
  for (const [name, value] of added) headers.set(name, value);
  return NextResponse.next({ request: { headers } });
}

const challenged = (error: string, scope?: string) => ({ "www-authenticate": bearerChallenge(error, scope) });

function build(request: NextRequest, outcome: Outcome, api: boolean): NextResponse {
  switch (outcome.type) {
    case "pass":
      return pass(request, outcome.setCookies, outcome.requestHeaders);
    case "signed-in-guest":
      return NextResponse.redirect(new URL(outcome.location, request.nextUrl), 307);
    case "unauthenticated":
      if (api || !isNavigation(request)) return json(401, "unauthenticated");
      return NextResponse.redirect(
        new URL(signInPath(request.nextUrl.pathname + request.nextUrl.search), request.nextUrl),
        307,
      );
    case "forbidden":
      return api ? json(403, "forbidden") : html(403, statusPage(403));
    case "invalid-token":
      return json(401, "invalid_token", challenged("invalid_token"));
    case "insufficient-scope":
      return json(403, "insufficient_scope", challenged("insufficient_scope", outcome.scope));
    case "invalid-request":
      return json(400, "invalid_request", challenged("invalid_request"));
    case "rate-limited":
      return json(429, "rate_limited", { "retry-after": outcome.retryAfter });
    case "not-found":
      return api ? json(404, "not_found") : html(404, statusPage(404));
    case "unavailable": {
      const retry = { "retry-after": String(RETRY_AFTER_SECONDS) };
      return api || !isNavigation(request) ? json(503, "unavailable", retry) : html(503, statusPage(503), retry);
    }
    case "bad-request":
      return api ? json(400, "bad_request") : html(400, statusPage(400));
  }
}

/**
 * Whether the cookies the auth handler set in step 3 go to the browser. Not
 * when a request that can change the session (a server action's POST) is
 * passed on: the action's own Set-Cookie must be the last word, and where the
 * runtime puts the gate's cookies after the action's (workerd does), a signed-out
 * or deleted account would get the cache back. The page still sees them.
 */
function toBrowser(request: NextRequest, outcome: Outcome): boolean {
  return outcome.type !== "pass" || isNavigation(request);
}

export function respond(
  request: NextRequest,
  outcome: Outcome,
  api: boolean,
  elapsedMs: number,
  via: string,
): NextResponse {
  const response = build(request, outcome, api);
  if ("setCookies" in outcome && toBrowser(request, outcome)) {
    for (const cookie of outcome.setCookies) response.headers.append("set-cookie", cookie);
  }
  // Public pages do not depend on who asks (they are prerendered), so they stay cacheable;
  // every other answer depends on the session.
  if (outcome.step !== "public") {
    response.headers.set("cache-control", "private, no-store");
    response.headers.append("vary", "Cookie, Authorization");
  }
  const step = outcome.step === "fallback" ? `fallback via ${via}` : outcome.step;
  response.headers.set("server-timing", `gate;desc="${step}";dur=${elapsedMs.toFixed(3)}`);
  return response;
}
