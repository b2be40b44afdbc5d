import { getSession } from "@/lib/server/auth/session";
import { privateJson } from "@/lib/server/http/private-json";

/** The signed-in user as JSON. Gated at the `session` level; re-checked here. */
export async function GET(): Promise<Response> {
  const session = await getSession();
  if (!session) return privateJson({ error: "unauthenticated" }, 401);
  const { user } = session;
  return privateJson({
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role ?? "user",
    sessionExpiresAt: session.session.expiresAt,
  });
}
