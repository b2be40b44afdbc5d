import { toNextJsHandler } from "better-auth/next-js";
import { withClientIp } from "@/lib/auth/client-ip";
import { getAuth, serverEnv } from "@/lib/auth/server";
import { hmacKey } from "@/lib/hmac";

// Better Auth's handler at /api/auth/*, with the client address resolved for
// its rate limiter (lib/auth/client-ip.ts). The edge gate never runs here.
export const { GET, POST, PATCH, PUT, DELETE } = toNextJsHandler(async (request: Request) => {
  const auth = await getAuth();
  return auth.handler(await withClientIp(request, hmacKey(serverEnv().secret)));
});
