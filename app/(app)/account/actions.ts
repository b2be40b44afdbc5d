"use server";

import { attempt } from "@/app/(app)/attempt";
import { validateEmail, validateName } from "@/lib/shared/auth/validation";

export interface NameFormState {
  name: string;
  error?: string;
  saved?: boolean;
}

/**
 * Changes the display name. Actions can be posted to any URL, so the gate is
 * not what protects this one: Better Auth confirms the session in the database
 * (attempt → asCurrentUser), so a session revoked elsewhere changes nothing.
 * Better Auth re-issues the signed session cache with the new name;
 * nextCookies() is what gets that Set-Cookie to the browser.
 */
export async function updateNameAction(_previous: NameFormState, formData: FormData): Promise<NameFormState> {
  const name = String(formData.get("name") ?? "");
  const error = validateName(name);
  if (error) return { name, error };
  const failed = await attempt("name change", (api, headers) =>
    api.updateUser({ headers, body: { name: name.trim() } }),
  );
  return failed ? { name, error: failed.message } : { name: name.trim(), saved: true };
}

export interface EmailFormState {
  error?: string;
  /** The change needs a recent proof of identity first (the form asks for it, then sends again). */
  reauth?: boolean;
  /** The address the confirmation link went to. */
  sentTo?: string;
}

/**
 * Asks to change the address: Better Auth mails a link to the new one and
 * changes nothing until it is used; the old address is told at once.
 */
export async function changeEmailAction(_previous: EmailFormState, formData: FormData): Promise<EmailFormState> {
  const newEmail = String(formData.get("newEmail") ?? "").trim();
  const current = String(formData.get("currentEmail") ?? "").toLowerCase();
  const error =
    validateEmail(newEmail) ?? (newEmail.toLowerCase() === current ? "That is already your address." : undefined);
  if (error) return { error };
  const failed = await attempt("email change", (api, headers) =>
    api.changeEmail({ headers, body: { newEmail, callbackURL: "/account" } }),
  );
  if (failed?.reauth) return { reauth: true };
  return failed ? { error: failed.message } : { sentTo: newEmail };
}
