import { toNextJsHandler } from "better-auth/next-js";
import { handlerRequest } from "@/lib/server/auth/handler-request";
import { getAuth } from "@/lib/server/auth/instance";
import { serverEnv } from "@/lib/server/env";
import { answerAuthRequest } from "@/lib/server/http/auth-failure";
import { cookieConfig } from "@/lib/shared/auth/cookies";
import { hmacKey } from "@/lib/shared/hmac";

// Better Auth's handler at /api/auth/*, given the request as lib/server/auth/handler-request.ts
// prepares it (client address resolved, session cache only for get-session). The edge gate never runs here.
// A failure Better Auth does not answer itself (a database that does not answer in time) becomes a 503.
export const { GET, POST, PATCH, PUT, DELETE } = toNextJsHandler(async (request: Request) => {
  const auth = await getAuth();
  const env = serverEnv();
  const prepared = await handlerRequest(request, { key: hmacKey(env.secret), cookies: cookieConfig(env) });
  if (prepared instanceof Response) return prepared; // refused before Better Auth (an unsafe redirect target)
  return answerAuthRequest(request, () => auth.handler(prepared));
});
