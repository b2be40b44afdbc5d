"use server";

import { APIError } from "better-auth/api";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { attempt } from "@/app/(app)/attempt";
import { type AuthField, onNewPasswordField } from "@/app/components/auth-errors";
import { asCurrentUser, listOwnSessions, redirectToSignIn, signOutCurrentSession } from "@/lib/server/auth/session";
import { signInPath } from "@/lib/shared/auth/redirects";
import { type FieldErrors, validateNewPassword, validatePresentPassword } from "@/lib/shared/auth/validation";

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

export interface PasswordFormState {
  errors: FieldErrors<AuthField>;
  formError?: string;
  saved?: boolean;
  signedOutOthers?: boolean;
}

/** Changes the password; the current one is required, and other devices are signed out unless the box is cleared. */
export async function changePasswordAction(
  _previous: PasswordFormState,
  formData: FormData,
): Promise<PasswordFormState> {
  const currentPassword = String(formData.get("currentPassword") ?? "");
  const newPassword = String(formData.get("newPassword") ?? "");
  const revokeOtherSessions = formData.get("revokeOtherSessions") === "on";
  const errors: FieldErrors<AuthField> = {
    currentPassword: validatePresentPassword(currentPassword),
    newPassword:
      validateNewPassword(newPassword) ??
      (newPassword === currentPassword ? "Choose a password different from the current one." : undefined),
  };
  if (Object.values(errors).some(Boolean)) {
    return { errors };
  }
  const failed = await attempt("password change", (api, headers) =>
    api.changePassword({ headers, body: { currentPassword, newPassword, revokeOtherSessions } }),
  );
  if (!failed) {
    revalidatePath(PAGE);
    return { errors: {}, saved: true, signedOutOthers: revokeOtherSessions };
  }
  // Refused new passwords (too short, breached) are about the new one; any other password error, the current one.
  const placed = onNewPasswordField(failed, "newPassword");
  if (placed.field === "newPassword") return { errors: { newPassword: placed.message } };
  if (placed.field === "password") {
    return { errors: { currentPassword: "That is not your current password." } };
  }
  return { errors: {}, formError: failed.message };
}

export interface DeleteFormState {
  errors: FieldErrors<AuthField>;
  formError?: string;
  /** Deleting needs a recent proof of identity first (the form asks for it, then deletes). */
  reauth?: boolean;
}

/**
 * Deletes the account: the user, every session and sign-in method (the
 * database cascades), then signs out and says goodbye. The password is
 * required when the account has one; otherwise a recent proof of identity
 * (lib/server/auth/reauthentication.ts), which the form asks for in place.
 */
export async function deleteAccountAction(_previous: DeleteFormState, formData: FormData): Promise<DeleteFormState> {
  const password = formData.get("password");
  if (formData.get("understood") !== "on") {
    return { errors: {}, formError: "Tick the box to confirm you want this." };
  }
  if (password !== null && !password) return { errors: { password: "Enter your password." } };
  const failed = await attempt("account deletion", (api, headers) =>
    api.deleteUser({ headers, body: password === null ? {} : { password: String(password) } }),
  );
  if (failed?.reauth) return { errors: {}, reauth: true };
  if (failed?.field === "password") return { errors: { password: "That password is not right." } };
  if (failed) return { errors: {}, formError: failed.message };
  redirect("/account-deleted");
}
