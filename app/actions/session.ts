"use server";

import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signInPath } from "@/lib/auth/redirects";
import { getAuth, getSession, signOutCurrentSession } from "@/lib/auth/server";
import { validateName } from "@/lib/auth/validation";

/** Signs out and clears every auth cookie (token and signed cache) through nextCookies(). */
export async function signOutAction(): Promise<never> {
  await signOutCurrentSession();
  redirect("/");
}

export interface NameFormState {
  name: string;
  error?: string;
  saved?: boolean;
}

/**
 * Changes the display name. Better Auth re-issues the signed session cache
 * with the new name; nextCookies() is what gets that Set-Cookie to the browser.
 */
export async function updateNameAction(_previous: NameFormState, formData: FormData): Promise<NameFormState> {
  const name = String(formData.get("name") ?? "");
  const error = validateName(name);
  if (error) return { name, error };
  // Keep what was typed and say what happened; the next attempt may succeed.
  const unavailable = (failure: unknown): NameFormState => {
    console.error("[actions] name change failed:", (failure as Error).message);
    return { name, error: "We could not save your name just now. Try again in a moment." };
  };
  // Actions can be posted to any URL, so this one checks the session against the database
  // itself: a session revoked elsewhere cannot act inside its cache window.
  let session;
  try {
    session = await getSession(true);
  } catch (failure) {
    return unavailable(failure);
  }
  if (!session) redirect(signInPath("/dashboard"));
  try {
    const auth = await getAuth();
    await auth.api.updateUser({ headers: await headers(), body: { name: name.trim() } });
  } catch (failure) {
    if (failure instanceof APIError && failure.statusCode === 401) redirect(signInPath("/dashboard"));
    return unavailable(failure);
  }
  return { name: name.trim(), saved: true };
}
