"use server";

import { APIError } from "better-auth/api";
import { asCurrentUser, redirectToSignIn } from "@/lib/server/auth/session";
import { validateName } from "@/lib/shared/auth/validation";

export interface NameFormState {
  name: string;
  error?: string;
  saved?: boolean;
}

/**
 * Changes the display name. Actions can be posted to any URL, so the gate is
 * not what protects this one: asCurrentUser has Better Auth confirm the session
 * in the database, so a session revoked elsewhere gets 401 and changes nothing.
 * Better Auth re-issues the signed session cache with the new name;
 * nextCookies() is what gets that Set-Cookie to the browser.
 */
export async function updateNameAction(_previous: NameFormState, formData: FormData): Promise<NameFormState> {
  const name = String(formData.get("name") ?? "");
  const error = validateName(name);
  if (error) return { name, error };
  try {
    await asCurrentUser((api, headers) => api.updateUser({ headers, body: { name: name.trim() } }));
  } catch (failure) {
    if (failure instanceof APIError && failure.statusCode === 401) await redirectToSignIn();
    // Keep what was typed and say what happened; the next attempt may succeed.
    console.error("[actions] name change failed:", (failure as Error).message);
    return { name, error: "We could not save your name just now. Try again in a moment." };
  }
  return { name: name.trim(), saved: true };
}
