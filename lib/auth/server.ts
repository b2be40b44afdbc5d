/**
 * Server-side access to Better Auth for pages, server actions and route
 * handlers. Every protected page and action re-checks the session here: the
 * edge gate is the first line, never the only one.
 */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { cache } from "react";
import { readServerEnv, type ServerEnv } from "@/lib/config/env";
import { openDatabase } from "@/lib/db";
import { createAuth } from "./create-auth";
import { signInPath } from "./redirects";

let env: ServerEnv | undefined;

/** Validated once per process (or Worker isolate); throws ConfigError naming each bad variable. */
export function serverEnv(): ServerEnv {
  return (env ??= readServerEnv(process.env));
}

/**
 * The auth instance for this request. Its database handle is released once
 * the response has been sent (`after`), which on Workers is what keeps a
 * socket from leaking into the next request. `cache` shares one instance
 * across a single server render.
 */
export const getAuth = cache(async () => {
  const config = serverEnv();
  const handle = await openDatabase(config);
  after(() => handle.close());
  return createAuth(handle.db, config);
});

export type Session = NonNullable<Awaited<ReturnType<Awaited<ReturnType<typeof getAuth>>["api"]["getSession"]>>>;

/**
 * The current session. `fresh` skips the signed cookie cache and asks the
 * database, so a session revoked elsewhere is refused at once.
 */
export const getSession = cache(async (fresh: boolean = false): Promise<Session | null> => {
  // headers() first: it marks the render as per-request before any env or DB access.
  const requestHeaders = await headers();
  const auth = await getAuth();
  return auth.api.getSession({
    headers: requestHeaders,
    query: fresh ? { disableCookieCache: true } : undefined,
  });
});

/** The session, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireSession(returnTo: string, fresh = false): Promise<Session> {
  const session = await getSession(fresh);
  if (!session) redirect(signInPath(returnTo));
  return session;
}

/** The newest users (admin views). Better Auth checks the caller's admin role itself. */
export async function listRecentUsers(limit = 100) {
  const auth = await getAuth();
  return auth.api.listUsers({ headers: await headers(), query: { limit, sortBy: "createdAt", sortDirection: "desc" } });
}
