"use server";

import { APIError } from "better-auth/api";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { asCurrentUser, listOwnSessions, redirectToSignIn, signOutCurrentSession } from "@/lib/server/auth/session";
import { signInPath } from "@/lib/shared/auth/redirects";

const PAGE = "/account/security";

/** Runs a session-management call; a caller whose own session is gone (revoked, expired) goes to sign-in. */
async function manageSessions(work: () => Promise<unknown>) {
  try {
    await work();
  } catch (error) {
    if (error instanceof APIError && error.statusCode === 401) await redirectToSignIn();
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
  await manageSessions(async () => {
    const sessions = await listOwnSessions();
    if (sessions === "confirm-identity") return; // the page now asks for a fresh sign-in
    const target = sessions.find((session) => session.id === id);
    if (target) await asCurrentUser((api, headers) => api.revokeSession({ headers, body: { token: target.token } }));
  });
}

/** Signs out and goes to sign-in, coming back here: how to get the recent sign-in Better Auth asks for. */
export async function confirmIdentityAction(): Promise<never> {
  await signOutCurrentSession();
  redirect(signInPath(PAGE));
}

export async function revokeOtherSessionsAction(): Promise<void> {
  await manageSessions(() => asCurrentUser((api, headers) => api.revokeOtherSessions({ headers })));
}
