/**
 * Organization roles and permissions, defined once. Better Auth's organization
 * plugin authorizes its endpoints with them, and the gate decides `org` routes
 * with the same objects, without I/O (both import this file; it pulls in only
 * Better Auth's small access-control module, which is edge-safe).
 *
 * To add a permission: add the action to its resource in STATEMENTS (or a new
 * resource), grant it to the roles that should have it below, and name it as
 * "resource:action" in a route rule (lib/gate/routes.ts).
 */
import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements, memberAc, ownerAc } from "better-auth/plugins/organization/access";
import { parseRoles } from "./roles";

/** The plugin's own resources (its endpoints check them), plus ours. */
const STATEMENTS = {
  ...defaultStatements,
  /** The organization's security log (/orgs/<slug>/activity). */
  activity: ["read"],
  /** Its API keys (the API-key plugin checks these for keys an organization owns). */
  apiKey: ["create", "read", "update", "delete"],
} as const;

export const organizationAccess = createAccessControl(STATEMENTS);

/** All three: the plugin replaces its defaults with whatever it is given. */
export const ORGANIZATION_ROLES = {
  owner: organizationAccess.newRole({
    ...ownerAc.statements,
    activity: ["read"],
    apiKey: ["create", "read", "update", "delete"],
  }),
  admin: organizationAccess.newRole({
    ...adminAc.statements,
    activity: ["read"],
    apiKey: ["create", "read", "update", "delete"],
  }),
  member: organizationAccess.newRole({ ...memberAc.statements }),
};

export type OrganizationRole = keyof typeof ORGANIZATION_ROLES;

type Statements = typeof STATEMENTS;
/** A permission as route rules name it: "resource:action". */
export type OrganizationPermission = {
  [R in keyof Statements]: `${R & string}:${Statements[R][number]}`;
}[keyof Statements];

/** Higher grants more; nobody may give a role ranked above their own. */
export const ROLE_RANK: Record<OrganizationRole, number> = { member: 0, admin: 1, owner: 2 };

function isRole(name: string): name is OrganizationRole {
  return Object.hasOwn(ORGANIZATION_ROLES, name);
}

/** Whether a member's role (as the plugin stores it: one name or a comma-separated list) grants `permission`. */
export function roleAllows(role: unknown, permission: OrganizationPermission): boolean {
  const [resource, action] = permission.split(":") as [string, string];
  return parseRoles(role).some(
    (name) => isRole(name) && ORGANIZATION_ROLES[name].authorize({ [resource]: [action] }).success,
  );
}

/** The highest rank among a stored role's names; -1 when none is a known role. */
export function roleRank(role: unknown): number {
  return Math.max(
    -1,
    ...parseRoles(role)
      .filter(isRole)
      .map((name) => ROLE_RANK[name]),
  );
}
