/**
 * Every organization page starts here. The gate decided from the path (and
 * maybe the signed cache); the page asks the database again, in one query:
 * no such organization and not a member are the same 404, a member whose role
 * lacks the permission gets 403. What the page reads next uses the
 * organization id from this answer.
 */
import { forbidden, notFound } from "next/navigation";
import { requireSession } from "@/lib/server/auth/session";
import { membershipBySlug } from "@/lib/server/organizations/membership";
import { type OrganizationPermission, roleAllows } from "@/lib/shared/auth/organization-access";
import { slugProblem } from "@/lib/shared/auth/organization-slug";

export async function requireMembership(
  slug: string,
  page: string,
  { permission, fresh = false }: { permission?: OrganizationPermission; fresh?: boolean } = {},
) {
  if (slugProblem(slug)) notFound(); // no organization can have it: no need to ask
  const session = await requireSession(`/orgs/${slug}${page}`, fresh);
  const membership = await membershipBySlug(session.user.id, slug);
  if (!membership) notFound();
  if (permission && !roleAllows(membership.member.role, permission)) forbidden();
  return { session, ...membership };
}
