/**
 * The gate's entry: Next runs it before every request except static assets and
 * Better Auth's own endpoints. As middleware.ts it runs in the Edge runtime, the
 * kit's default because it runs on Cloudflare and Vercel without experimental
 * flags; `npm run gate:proxy` turns it into Next's Node-runtime proxy.ts and
 * `npm run gate:edge` back (docs/gate.md). Keep this file thin; what it may
 * import is a lint rule (biome.jsonc).
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
