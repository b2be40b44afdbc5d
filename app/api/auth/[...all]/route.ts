import { toNextJsHandler } from "better-auth/next-js";
import { handlerRequest } from "@/lib/server/auth/handler-request";
import { getAuth } from "@/lib/server/auth/instance";
import { serverEnv } from "@/lib/server/env";
import { cookieConfig } from "@/lib/shared/auth/cookies";
import { hmacKey } from "@/lib/shared/hmac";

// Better Auth's handler at /api/auth/*, given the request as lib/server/auth/handler-request.ts
// prepares it (client address resolved, session cache only for get-session). The edge gate never runs here.
export const { GET, POST, PATCH, PUT, DELETE } = toNextJsHandler(async (request: Request) => {
  const auth = await getAuth();
  const env = serverEnv();
  return auth.handler(await handlerRequest(request, { key: hmacKey(env.secret), cookies: cookieConfig(env) }));
});
