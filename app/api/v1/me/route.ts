import { caller } from "@/lib/server/auth/caller";
import { privateJson } from "@/lib/server/http/private-json";

/** Who is calling, and how: the API's first route (cookie or access token; the gate decided first). */
export async function GET(): Promise<Response> {
  const who = await caller();
  if (!who) return privateJson({ error: "unauthenticated" }, 401);
  return privateJson({ user: who.user, via: who.via });
}
