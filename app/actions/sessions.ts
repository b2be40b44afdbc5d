"use server";

import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { signInPath } from "@/lib/auth/redirects";
import { getAuth, listOwnSessions, signOutCurrentSession } from "@/lib/auth/server";

const PAGE = "/account/security";

/** Runs a session-management call; a caller whose own session is gone goes to sign-in. */
async function withAuth(work: (auth: Awaited<ReturnType<typeof getAuth>>, requestHeaders: Headers) => Promise<unknown>) {
  const auth = await getAuth();
  try {
    await work(auth, await headers());
  } catch (error) {
    if (error instanceof APIError && error.statusCode === 401) redirect(signInPath(PAGE));
    throw error;
  }
  revalidatePath(PAGE);
}

/**
 * Revokes one of the caller's sessions, chosen by id: session tokens never
 * leave the server, the token is looked up among the caller's own sessions.
 */
export async function revokeSessionAction(formData: FormData): Promise<void> {
  const id = String(formData.get("sessionId") ?? "");
  await withAuth(async (auth, requestHeaders) => {
    const sessions = await listOwnSessions();
    if (sessions === "confirm-identity") return; // the page now asks for a fresh sign-in
    const target = sessions.find((session) => session.id === id);
    if (target) await auth.api.revokeSession({ headers: requestHeaders, body: { token: target.token } });
  });
}

/** Signs out and goes to sign-in, coming back here: how to get the recent sign-in Better Auth asks for. */
export async function confirmIdentityAction(): Promise<never> {
  await signOutCurrentSession();
  redirect(signInPath(PAGE));
}

export async function revokeOtherSessionsAction(): Promise<void> {
  await withAuth((auth, requestHeaders) => auth.api.revokeOtherSessions({ headers: requestHeaders }));
}
