import { withClientIp } from "@/lib/auth/client-ip";
import { getAuth } from "@/lib/auth/server";

// Better Auth's handler, mounted at /api/auth/*. The edge gate never runs here.
async function handle(request: Request): Promise<Response> {
  const auth = await getAuth();
  return auth.handler(await withClientIp(request));
}

export { handle as GET, handle as POST };
