/**
 * Edge middleware: every request except static assets and Better Auth's own
 * endpoints goes through the gate (lib/gate). Keep this file thin; what it
 * may import is a lint rule (biome.jsonc).
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
