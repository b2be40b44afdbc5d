/**
 * The benchmark's variant on Node (bench/lib/patterns-build.ts puts it in a
 * copy of this checkout; never shipped): Next 16's proxy.ts running, in front
 * of the same page, the session checks other kits document, so
 * bench/distance.ts can set them beside this kit's gate with the database far
 * away. /patterns/<name> picks one; everything else goes through the gate.
 */
import type { NextRequest } from "next/server";
import { answer, hasSessionCookie, patternOf } from "@/bench/patterns/checks";
import { gate } from "@/lib/gate";
import { authTransport } from "@/lib/gate/transport";
import { getAuth } from "@/lib/server/auth/instance";

export async function proxy(request: NextRequest) {
  const pattern = patternOf(request);
  if (!pattern) return gate(request, { transport: authTransport() });
  const started = performance.now();
  // get-session: Better Auth's Next 16 proxy.ts example, auth.api.getSession on every request. Without
  // a cookie cache (Better Auth's default) that reads the database each time, which the query asks for.
  // page-recheck: the cookie here, the database in the page (./page.tsx).
  const signedIn =
    pattern === "get-session"
      ? (await (await getAuth()).api.getSession({ headers: request.headers, query: { disableCookieCache: true } })) !==
        null
      : hasSessionCookie(request);
  return answer(request, pattern, signedIn, started);
}

// Next reads the matcher from this file's own source, so it is written out here, as in the kit's middleware.ts.
export const config = {
  matcher: ["/((?!_next/|__nextjs|favicon\\.ico$|api/auth(?:/|$)).*)"],
};
