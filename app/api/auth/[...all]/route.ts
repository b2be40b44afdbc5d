import { toNextJsHandler } from "better-auth/next-js";
import { cookieConfig } from "@/lib/auth/cookies";
import { handlerRequest } from "@/lib/auth/handler-request";
import { getAuth, serverEnv } from "@/lib/auth/server";
import { hmacKey } from "@/lib/hmac";

// Better Auth's handler at /api/auth/*, given the request as lib/auth/handler-request.ts
// prepares it (client address resolved, session cache only for get-session). The edge gate never runs here.
export const { GET, POST, PATCH, PUT, DELETE } = toNextJsHandler(async (request: Request) => {
  const auth = await getAuth();
  const env = serverEnv();
  return auth.handler(await handlerRequest(request, { key: hmacKey(env.secret), cookies: cookieConfig(env) }));
});
