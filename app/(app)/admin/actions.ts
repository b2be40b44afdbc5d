"use server";

import { revalidatePath } from "next/cache";
import { attempt } from "@/app/(app)/attempt";
import type { DescribedError } from "@/app/components/auth-errors";
import { serverEnv } from "@/lib/server/env";
import { BAN_REASON_MAX_LENGTH } from "@/lib/shared/auth/validation";
import { requireAdmin } from "./require-admin";

export interface AdminFormState {
  error?: string;
  notice?: string;
  /** The change needs a recent proof of identity first (the form asks for it, then tries again). */
  reauth?: boolean;
}

/** What a form shows for a failed call: the re-authentication prompt, or the message. */
const failure = ({ reauth, message }: DescribedError): AdminFormState => (reauth ? { reauth } : { error: message });

const BAN_DAYS = { "1": 1, "7": 7, "30": 30, permanent: null } as const;

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value.trim() : "");

/** The admin acting, and the user acted on (from the form), read again on the server. */
async function context(formData: FormData) {
  const userId = text(formData.get("userId"));
  const admin = await requireAdmin(`/admin/users/${encodeURIComponent(userId)}`);
  return { admin, userId, page: `/admin/users/${encodeURIComponent(userId)}` };
}

/** When a change reaches pages that trust the signed session cache. */
function cacheNote(): string {
  const minutes = Math.ceil(serverEnv().sessionCacheMaxAge / 60);
  return `Pages that check with the database (account security, admin) see it at once; other pages within ${minutes} minute${minutes === 1 ? "" : "s"}, when their session cache expires.`;
}

export async function setRoleAction(_previous: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const { admin, userId, page } = await context(formData);
  const role = text(formData.get("role"));
  if (role !== "admin" && role !== "user") return { error: "Choose a role." };
  if (userId === admin.user.id && role !== "admin") return { error: "You cannot remove your own admin role." };
  if (role === "user" && formData.get("confirm") !== "on") return { error: "Tick the box to confirm." };
  const failed = await attempt("role change", (api, headers) => api.setRole({ headers, body: { userId, role } }));
  if (failed) return failure(failed);
  revalidatePath(page);
  return { notice: `The role is now ${role}. ${cacheNote()}` };
}

export async function banAction(_previous: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const { admin, userId, page } = await context(formData);
  if (userId === admin.user.id) return { error: "You cannot ban yourself." };
  const reason = text(formData.get("reason"));
  if (reason.length > BAN_REASON_MAX_LENGTH)
    return { error: `Keep the reason to ${BAN_REASON_MAX_LENGTH} characters or fewer.` };
  const duration = text(formData.get("duration"));
  if (!(duration in BAN_DAYS)) return { error: "Choose how long the ban lasts." };
  if (formData.get("confirm") !== "on") return { error: "Tick the box to confirm." };
  const days = BAN_DAYS[duration as keyof typeof BAN_DAYS];
  const failed = await attempt("ban", (api, headers) =>
    api.banUser({
      headers,
      body: { userId, banReason: reason || undefined, banExpiresIn: days === null ? undefined : days * 86_400 },
    }),
  );
  if (failed) return failure(failed);
  revalidatePath(page);
  return {
    notice: `Banned${days === null ? "" : ` for ${days} day${days === 1 ? "" : "s"}`}, and signed out everywhere. ${cacheNote()}`,
  };
}

export async function unbanAction(_previous: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const { userId, page } = await context(formData);
  const failed = await attempt("unban", (api, headers) => api.unbanUser({ headers, body: { userId } }));
  if (failed) return failure(failed);
  revalidatePath(page);
  return { notice: "Unbanned: they can sign in again." };
}

export async function revokeSessionsAction(_previous: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const { userId, page } = await context(formData);
  if (formData.get("confirm") !== "on") return { error: "Tick the box to confirm." };
  const failed = await attempt("session revocation", (api, headers) =>
    api.revokeUserSessions({ headers, body: { userId } }),
  );
  if (failed) return failure(failed);
  revalidatePath(page);
  return { notice: `Every session of this account has ended. ${cacheNote()}` };
}
