/**
 * The benchmark's variant on Workers (see ./proxy.ts): OpenNext cannot run a
 * Node proxy.ts that sees cookies (docs/gate.md), so here the patterns run in
 * Edge middleware, in the form Better Auth documents for it: get-session is
 * fetched over HTTP on every request (through the same transport as the
 * gate's step 3) instead of called in-process.
 */
import type { NextRequest } from "next/server";
import { answer, hasSessionCookie, patternOf } from "@/bench/patterns/checks";
import { gate } from "@/lib/gate";
import { authTransport } from "@/lib/gate/transport";

async function sessionFromAuthHandler(request: NextRequest): Promise<boolean> {
  const url = new URL("/api/auth/get-session?disableCookieCache=true", request.nextUrl.origin);
  const headers = new Headers({ cookie: request.headers.get("cookie") ?? "" });
  for (const name of ["x-forwarded-for", "cf-connecting-ip"]) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const response = await (authTransport().fetch ?? fetch)(url, { headers });
  if (!response.ok) throw new Error(`get-session answered ${response.status}`);
  return ((await response.json()) as { session?: unknown } | null)?.session != null;
}

export async function middleware(request: NextRequest) {
  const pattern = patternOf(request);
  if (!pattern) return gate(request, { transport: authTransport() });
  const started = performance.now();
  const signedIn = pattern === "get-session" ? await sessionFromAuthHandler(request) : hasSessionCookie(request);
  return answer(request, pattern, signedIn, started);
}

// Next reads the matcher from this file's own source, so it is written out here, as in the kit's middleware.ts.
export const config = {
  matcher: ["/((?!_next/|__nextjs|favicon\\.ico$|api/auth(?:/|$)).*)"],
};
