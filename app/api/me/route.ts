import { getSession } from "@/lib/auth/server";

/** The signed-in user as JSON. Gated at the `session` level; re-checked here. */
export async function GET(): Promise<Response> {
  const session = await getSession();
  if (!session) return Response.json({ error: "unauthenticated" }, { status: 401, headers: { "cache-control": "private, no-store" } });
  const { user } = session;
  return Response.json(
    { id: user.id, name: user.name, email: user.email, role: user.role ?? "user", sessionExpiresAt: session.session.expiresAt },
    { headers: { "cache-control": "private, no-store", vary: "Cookie" } },
  );
}
