import { getSession, listRecentUsers } from "@/lib/server/auth/session";
import { privateJson } from "@/lib/server/http/private-json";
import { hasRole } from "@/lib/shared/auth/roles";

/** Users as JSON for admins. Gated at the `role: admin` level; the role is re-checked against the database. */
export async function GET(): Promise<Response> {
  const session = await getSession(true);
  if (!session) return privateJson({ error: "unauthenticated" }, 401);
  if (!hasRole(session.user.role, "admin")) return privateJson({ error: "forbidden" }, 403);
  const { users, total } = await listRecentUsers();
  return privateJson({
    total,
    users: users.map(({ id, name, email, role, createdAt }) => ({ id, name, email, role: role ?? "user", createdAt })),
  });
}
