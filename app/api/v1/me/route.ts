import { apiCaller } from "@/lib/server/auth/caller";
import { getAuth } from "@/lib/server/auth/instance";
import { privateJson } from "@/lib/server/http/private-json";
import { validateName } from "@/lib/shared/auth/validation";

/**
 * Who is calling, and how (cookie, access token or API key; the gate decided
 * first): the person (null for an organization's key) and the organization
 * they act in.
 */
export async function GET(request: Request): Promise<Response> {
  const who = await apiCaller(request);
  if (who instanceof Response) return who;
  return privateJson({ user: who.user, organization: who.organization, via: who.via, scopes: who.scopes });
}

/**
 * The API's example write: changes the caller's display name. A key needs the
 * write scope; the name follows the same rules as the account page's.
 */
export async function PATCH(request: Request): Promise<Response> {
  const who = await apiCaller(request);
  if (who instanceof Response) return who;
  if (!who.user) {
    const message = "This key belongs to an organization, not a person: it has no name to change.";
    return privateJson({ error: "forbidden", message }, 403);
  }
  const body = (await request.json().catch(() => null)) as { name?: unknown } | null;
  const name = typeof body?.name === "string" ? body.name.trim() : "";
  const problem =
    typeof body?.name === "string" ? validateName(name) : 'Send a JSON body with the new name, as { "name": "…" }.';
  if (problem) return privateJson({ error: "invalid_request", message: problem }, 400);
  const { internalAdapter } = await (await getAuth()).$context;
  const updated = await internalAdapter.updateUser(who.user.id, { name });
  if (!updated) return privateJson({ error: "unauthenticated" }, 401);
  const { organization, via, scopes } = who;
  return privateJson({ user: { ...who.user, name: updated.name }, organization, via, scopes });
}
