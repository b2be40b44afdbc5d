/**
 * The current visitor's session, for pages, server actions and route
 * handlers. Every protected page and action re-checks the session here: the
 * edge gate is the first line, never the only one.
 */
import { APIError } from "better-auth/api";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { serverEnv } from "@/lib/server/env";
import { postingPage } from "@/lib/server/http/posting-page";
import { cookieConfig } from "@/lib/shared/auth/cookies";
import { signInPath } from "@/lib/shared/auth/redirects";
import { hmacKey } from "@/lib/shared/hmac";
import type { Auth } from "./config";
import { authHeaders } from "./handler-request";
import { getAuth } from "./instance";

export type Session = NonNullable<Awaited<ReturnType<Auth["api"]["getSession"]>>>;

/**
 * For reads made while rendering a page: Better Auth then neither extends the
 * session nor signs a new cache cookie, work a render could not deliver
 * anyway (a page cannot set cookies). The gate's step 3 and the browser's own
 * get-session calls are what keep sessions and caches fresh.
 */
const READ_ONLY = { disableRefresh: true } as const;

/**
 * The request's headers, with the Cookie header as Next's cookie store holds
 * it now. In a server action that is after any cookie the action set: when
 * Better Auth re-issues the session (a password change does), the page
 * rendered after the action reads the new session, not the one just ended.
 */
async function currentHeaders(): Promise<Headers> {
  const current = new Headers(await headers());
  const jar = (await cookies()).toString();
  if (jar) current.set("cookie", jar);
  else current.delete("cookie");
  return current;
}

/**
 * The request's headers without the signed session cache: Better Auth then
 * reads the session from the database, so a session revoked elsewhere is
 * refused (lib/server/auth/handler-request.ts says why this matters).
 */
async function confirmingHeaders(): Promise<Headers> {
  const env = serverEnv();
  // As the auth route prepares them: also the client's address and country, for what Better Auth records.
  return authHeaders(await currentHeaders(), { key: hmacKey(env.secret), cookies: cookieConfig(env) }, false);
}

const cachedSession = cache(async (fresh: boolean): Promise<Session | null> => {
  // headers() first: it marks the render as per-request before any env or DB access.
  const requestHeaders = fresh ? await confirmingHeaders() : await currentHeaders();
  const auth = await getAuth();
  return auth.api.getSession({ headers: requestHeaders, query: READ_ONLY });
});

/**
 * The current session, read once per render. Without `fresh` it may come from
 * the signed cache, so it may belong to a session revoked less than one cache
 * window ago: use it only to render what that cache carries (its holder can
 * read the cookie anyway). Anything that acts, or shows more, passes `fresh`
 * (the database decides) or goes through asCurrentUser.
 */
export function getSession(fresh = false): Promise<Session | null> {
  return cachedSession(fresh); // always one argument, so getSession() and getSession(false) share the cache
}

/**
 * Runs a Better Auth API call as the current visitor, with their session
 * confirmed in the database by Better Auth itself: a revoked session gets its
 * 401 (an APIError), and nothing is written or revealed.
 */
export async function asCurrentUser<T>(call: (api: Auth["api"], headers: Headers) => Promise<T>): Promise<T> {
  const requestHeaders = await confirmingHeaders();
  return call((await getAuth()).api, requestHeaders);
}

/** Sends the visitor to sign in, coming back to the page that posted the current server action. */
export async function redirectToSignIn(): Promise<never> {
  redirect(signInPath(await postingPage()));
}

/** The session, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireSession(returnTo: string, fresh = false): Promise<Session> {
  const session = await getSession(fresh);
  if (!session) redirect(signInPath(returnTo));
  return session;
}

/**
 * The caller's active sessions, or "confirm-identity" when Better Auth wants a
 * recent sign-in first: listing sessions requires one younger than a day
 * (its `freshAge`), and no refresh makes an older session younger.
 */
export async function listOwnSessions() {
  try {
    return await asCurrentUser((api, headers) => api.listSessions({ headers, query: READ_ONLY }));
  } catch (error) {
    if (error instanceof APIError && error.body?.code === "SESSION_NOT_FRESH") return "confirm-identity" as const;
    throw error;
  }
}

/** The current user's sign-in accounts (password, providers), read once per render. */
export const listOwnAccounts = cache(() =>
  asCurrentUser((api, headers) => api.listUserAccounts({ headers, query: READ_ONLY })),
);

/** Whether the current user has a password (a credential account), as opposed to other sign-in methods only. */
export async function hasPassword(): Promise<boolean> {
  return (await listOwnAccounts()).some((account) => account.providerId === "credential");
}

/** Ends the current session and clears its cookies; a session already gone is fine. */
export async function signOutCurrentSession(): Promise<void> {
  try {
    await asCurrentUser((api, headers) => api.signOut({ headers }));
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
  }
}

/** The newest users (admin views). Better Auth checks the caller's admin role itself. */
export async function listRecentUsers(limit = 100) {
  return asCurrentUser((api, headers) =>
    api.listUsers({ headers, query: { limit, sortBy: "createdAt", sortDirection: "desc" } }),
  );
}
