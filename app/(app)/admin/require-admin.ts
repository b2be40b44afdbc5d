/**
 * Every admin page and action starts here: a session confirmed in the
 * database (the gate decided from the signed cache, which may be a role
 * removed less than one cache window ago) whose user has the admin role.
 */
import { forbidden } from "next/navigation";
import { requireSession, type Session } from "@/lib/server/auth/session";
import { hasRole } from "@/lib/shared/auth/roles";

export async function requireAdmin(returnTo: string): Promise<Session> {
  const session = await requireSession(returnTo, true);
  if (!hasRole(session.user.role, "admin")) forbidden();
  return session;
}
