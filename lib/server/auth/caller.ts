/**
 * Who is calling an API route handler, whichever way they came in: the
 * browser's session cookie, or an access token in `Authorization: Bearer`
 * (judged alone, cookies ignored, as the gate does). The gate decided first;
 * this is the handler's own check, because the gate is the first line, never
 * the only one. Tokens are verified here with the same code and rules as in
 * the gate, the public keys read in-process from the jwt plugin.
 */
import { headers } from "next/headers";
import { type AccessTokenHolder, bearerToken, verifyAccessToken } from "@/lib/gate/access-token";
import { JwksCache } from "@/lib/gate/jwks";
import { serverEnv } from "@/lib/server/env";
import { accessTokenAudience } from "@/lib/shared/auth/access-token";
import { parseRoles } from "@/lib/shared/auth/roles";
import { getAuth } from "./instance";
import { getSession } from "./session";

export interface Caller {
  via: "cookie" | "token";
  user: { id: string; email: string | null };
  roles: string[];
}

/** One per process or isolate, as in the gate. */
const keys = new JwksCache();

async function tokenHolder(token: string): Promise<AccessTokenHolder | null> {
  const env = serverEnv();
  const auth = await getAuth();
  return verifyAccessToken(token, {
    keys,
    fetchJwks: () => auth.api.getJwks(),
    issuer: env.baseURL,
    audience: accessTokenAudience(env.baseURL),
  });
}

/** The caller, or null when the request proves nobody (the handler answers 401). */
export async function caller(): Promise<Caller | null> {
  const token = bearerToken(await headers());
  if (token !== undefined) {
    const holder = await tokenHolder(token);
    if (!holder) return null;
    return { via: "token", user: { id: holder.identity.userId, email: holder.email }, roles: holder.identity.roles };
  }
  const session = await getSession();
  if (!session) return null;
  const { user } = session;
  return { via: "cookie", user: { id: user.id, email: user.email }, roles: parseRoles(user.role) };
}
