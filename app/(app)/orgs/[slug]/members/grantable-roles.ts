import { type OrganizationRole, ROLE_RANK, roleRank } from "@/lib/shared/auth/organization-access";

/**
 * The roles someone may give (invite with, or change to): none above their
 * own. The form offers only these and the action refuses others; the server
 * enforces the same rule for any caller.
 */
export function grantableRoles(ownRole: string): OrganizationRole[] {
  const rank = roleRank(ownRole);
  return (Object.keys(ROLE_RANK) as OrganizationRole[]).filter((role) => ROLE_RANK[role] <= rank);
}
