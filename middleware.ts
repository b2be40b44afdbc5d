/**
 * Edge middleware: every request except static assets and Better Auth's own
 * endpoints goes through the gate (lib/gate). Keep this file thin and
 * edge-safe: no database, no lib/auth/server, no Node APIs.
 */
import type { NextRequest } from "next/server";
import { gate } from "@/lib/gate";
import { authTransport } from "@/lib/gate/transport";

export function middleware(request: NextRequest) {
  return gate(request, { transport: authTransport() });
}

export const config = {
  matcher: ["/((?!_next/|__nextjs|favicon\\.ico$|api/auth(?:/|$)).*)"],
};
