/**
 * The organization rules Better Auth's plugin leaves open, enforced where the
 * API is (one before hook on every /organization/* path, and on what deletes
 * an account), so pages, server actions and scripts meet the same answers:
 *
 * - Not a member is no such organization: every endpoint that names one (by id
 *   or slug, or falls back to the session's active one) answers a non-member
 *   exactly as it answers an unknown id: 404 ORGANIZATION_NOT_FOUND. The plugin
 *   tells them apart (400 vs 403), which lets anyone probe which exist. A path
 *   in neither UNSCOPED nor INVITATION_PATHS is scoped, so an endpoint added
 *   later is covered.
 * - Roles are one known name. The plugin also takes arrays and comma lists
 *   ("member,owner"), checks only the owner role against the caller's, and on
 *   a resend ignores the role asked for. Here nobody grants, changes or cancels
 *   anything ranked above their own role (owner > admin > member), and a resend
 *   with another role is a new invitation (the old link stops working).
 * - An organization keeps an owner: the last one is not demoted or removed and
 *   cannot delete their account while they own one alone. These checks answer
 *   clearly; concurrent requests are settled by a trigger (drizzle/0008).
 * - Invitations are answered only while pending and unexpired, each with its
 *   own message, and only to their recipient (or, to cancel, to a member of
 *   the organization they are for, ranked at least as high as the role offered).
 * - Deleting an organization needs its slug typed again: header x-confirm-slug.
 */
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import type { Database } from "@/lib/server/db/types";
import { ORGANIZATION_ROLES, type OrganizationRole, ROLE_RANK, roleRank } from "@/lib/shared/auth/organization-access";
import {
  type InvitationRecord,
  invitationById,
  invitationInMembersOrganization,
  memberIn,
  membershipsNamed,
  organizationsOwnedAlone,
  ownerCount,
  pendingInvitationOf,
  type Scope,
} from "./organization-records";

/** The header that repeats the organization's slug to confirm deleting it. */
export const CONFIRM_SLUG_HEADER = "x-confirm-slug";

/** Endpoints that act on no organization the caller names: the caller's own, or none yet. */
const UNSCOPED = new Set([
  "/organization/create",
  "/organization/list",
  "/organization/check-slug",
  "/organization/list-user-invitations",
  // The gate's check (./organization-gate.ts): switches to the organization the path names after
  // checking the membership itself, so a stale active organization must not answer for it.
  "/organization/gate",
]);

/** Endpoints that name an invitation instead: its recipient's, or (to cancel) its organization's members'. */
const INVITATION_PATHS = new Set([
  "/organization/accept-invitation",
  "/organization/reject-invitation",
  "/organization/get-invitation",
  "/organization/cancel-invitation",
]);

/**
 * Off: whether a slug exists, for any signed-in person who asks. Create and
 * rename still say a slug is taken (they must), behind a rate limit.
 */
export const ORGANIZATION_DISABLED_PATHS = ["/organization/check-slug"];

/** What deletes an account (the admin plugin's remove-user is switched off, and covered should it return). */
const ACCOUNT_DELETION_PATHS = new Set(["/delete-user", "/delete-user/callback", "/admin/remove-user"]);

const ROLE_NAMES = Object.keys(ORGANIZATION_ROLES).join(", ");

export const ORGANIZATION_POLICY_ERRORS = {
  ORGANIZATION_NOT_FOUND: { code: "ORGANIZATION_NOT_FOUND", message: "Organization not found" },
  ONE_ORGANIZATION: {
    code: "ONE_ORGANIZATION_PER_REQUEST",
    message: "Name one organization: organizationId or organizationSlug, not two different ones",
  },
  MEMBER_NOT_FOUND: { code: "MEMBER_NOT_FOUND", message: "No such member in this organization" },
  INVITATION_NOT_FOUND: { code: "INVITATION_NOT_FOUND", message: "Invitation not found" },
  INVALID_ROLE: { code: "INVALID_ROLE", message: `The role must be one of: ${ROLE_NAMES}` },
  ROLE_ABOVE_OWN: { code: "ROLE_ABOVE_YOUR_OWN", message: "You cannot give a role above your own" },
  MEMBER_ABOVE_OWN: {
    code: "MEMBER_RANKED_ABOVE_YOU",
    message: "Only an owner can change or remove an owner",
  },
  INVITATION_ABOVE_OWN: {
    code: "INVITATION_RANKED_ABOVE_YOU",
    message: "Only an owner can resend or cancel an invitation to be an owner",
  },
  LAST_OWNER: {
    code: "ORGANIZATION_NEEDS_AN_OWNER",
    message: "An organization must keep an owner: make someone else an owner first",
  },
  NOT_RECIPIENT: {
    code: "YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION",
    message: "This invitation was sent to another address: sign in with that address to answer it",
  },
  INVITATION_EXPIRED: {
    code: "INVITATION_EXPIRED",
    message: "This invitation has expired: ask for a new one",
  },
  CONFIRMATION_MISMATCH: {
    code: "CONFIRMATION_MISMATCH",
    message: "Type the organization's address (its slug) exactly to confirm deleting it",
  },
};

const NOT_PENDING: Record<string, string> = {
  accepted: "This invitation has already been accepted",
  rejected: "This invitation was declined",
  canceled: "This invitation was canceled",
};

function fail(status: "BAD_REQUEST" | "FORBIDDEN" | "NOT_FOUND", error: { code: string; message: string }): never {
  throw APIError.from(status, error);
}

/** The role as stored: exactly one known name (no list, no array, nothing unknown). */
function knownRole(role: unknown): OrganizationRole {
  if (typeof role === "string" && Object.hasOwn(ORGANIZATION_ROLES, role)) return role as OrganizationRole;
  fail("BAD_REQUEST", ORGANIZATION_POLICY_ERRORS.INVALID_ROLE);
}

/** Answerable only while pending and unexpired; each other state says what it is. */
function assertOpen(found: InvitationRecord): void {
  if (found.status !== "pending")
    fail("BAD_REQUEST", {
      code: "INVITATION_NOT_PENDING",
      message: NOT_PENDING[found.status] ?? "This invitation is no longer valid",
    });
  if (found.expiresAt.getTime() <= Date.now()) fail("BAD_REQUEST", ORGANIZATION_POLICY_ERRORS.INVITATION_EXPIRED);
}

type Input = Record<string, unknown>;
const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/** Every organization a request names (by id or slug, in body or query). */
function organizationsNamed(input: Input[]) {
  const ids = input.map((i) => text(i.organizationId)).filter((v): v is string => v !== null);
  const slugs = input.map((i) => text(i.organizationSlug)).filter((v): v is string => v !== null);
  return { ids: [...new Set(ids)], slugs: [...new Set(slugs)] };
}

export function organizationPolicy(db: Database): BetterAuthPlugin {
  /** The caller's membership in the one organization the request is about, or the uniform 404. */
  async function scopeOf(userId: string, activeOrganizationId: unknown, input: Input[]): Promise<Scope | null> {
    let named = organizationsNamed(input);
    if (!named.ids.length && !named.slugs.length) {
      // Unnamed: the plugin falls back to the session's active organization (as the database has it).
      const active = text(activeOrganizationId);
      if (!active) return null; // nothing to act on: the endpoint says so
      named = { ids: [active], slugs: [] };
    }
    const found = await membershipsNamed(db, userId, named);
    const all =
      named.ids.every((id) => found.some((m) => m.organizationId === id)) &&
      named.slugs.every((slug) => found.some((m) => m.slug === slug));
    if (!all) fail("NOT_FOUND", ORGANIZATION_POLICY_ERRORS.ORGANIZATION_NOT_FOUND);
    if (new Set(found.map((m) => m.organizationId)).size > 1)
      fail("BAD_REQUEST", ORGANIZATION_POLICY_ERRORS.ONE_ORGANIZATION);
    return found[0]!;
  }

  const assertWithinRank = (granted: unknown, holder: string, error: { code: string; message: string }) => {
    if (roleRank(granted) > roleRank(holder)) fail("FORBIDDEN", error);
  };

  /** Refuses taking the owner role from `target` (a new role, or removal: null) when it is the last owner. */
  async function assertOwnerRemains(organizationId: string, target: { role: string }, nextRole: string | null) {
    const isOwner = (role: string | null) => role !== null && roleRank(role) === ROLE_RANK.owner;
    if (isOwner(target.role) && !isOwner(nextRole) && (await ownerCount(db, organizationId)) <= 1)
      fail("BAD_REQUEST", ORGANIZATION_POLICY_ERRORS.LAST_OWNER);
  }

  /** Rules for one scoped request; may return a changed body for the endpoint. */
  async function scopedRules(path: string, scope: Scope, body: Input, headers: Headers | undefined) {
    switch (path) {
      case "/organization/delete":
        if (headers?.get(CONFIRM_SLUG_HEADER) !== scope.slug)
          fail("BAD_REQUEST", ORGANIZATION_POLICY_ERRORS.CONFIRMATION_MISMATCH);
        return;
      case "/organization/invite-member": {
        const role = knownRole(body.role);
        assertWithinRank(role, scope.role, ORGANIZATION_POLICY_ERRORS.ROLE_ABOVE_OWN);
        const pending =
          typeof body.email === "string" ? await pendingInvitationOf(db, scope.organizationId, body.email) : null;
        if (!pending) return;
        assertWithinRank(pending.role, scope.role, ORGANIZATION_POLICY_ERRORS.INVITATION_ABOVE_OWN);
        // The plugin's resend keeps the old role whatever is asked: another role is a new invitation.
        if (body.resend === true && pending.role !== role) return { body: { ...body, resend: false } };
        return;
      }
      case "/organization/update-member-role": {
        const role = knownRole(body.role);
        const target = text(body.memberId) && (await memberIn(db, scope.organizationId, body.memberId as string));
        if (!target) fail("NOT_FOUND", ORGANIZATION_POLICY_ERRORS.MEMBER_NOT_FOUND);
        assertWithinRank(role, scope.role, ORGANIZATION_POLICY_ERRORS.ROLE_ABOVE_OWN);
        assertWithinRank(target.role, scope.role, ORGANIZATION_POLICY_ERRORS.MEMBER_ABOVE_OWN);
        await assertOwnerRemains(scope.organizationId, target, role);
        return;
      }
      case "/organization/remove-member": {
        const target =
          text(body.memberIdOrEmail) && (await memberIn(db, scope.organizationId, body.memberIdOrEmail as string));
        if (!target) fail("NOT_FOUND", ORGANIZATION_POLICY_ERRORS.MEMBER_NOT_FOUND);
        assertWithinRank(target.role, scope.role, ORGANIZATION_POLICY_ERRORS.MEMBER_ABOVE_OWN);
        await assertOwnerRemains(scope.organizationId, target, null);
        return;
      }
      default:
        return;
    }
  }

  /** Invitation endpoints: found only by their recipient, or (to cancel) by a member of their organization. */
  async function invitationRules(path: string, user: { id: string; email: string }, input: Input[]) {
    // accept, reject and cancel take `invitationId` in the body; get-invitation `id` in the query.
    const id = input.map((i) => text(i.invitationId) ?? text(i.id)).find((v) => v !== null);
    if (!id) return;
    if (path === "/organization/cancel-invitation") {
      const found = await invitationInMembersOrganization(db, id, user.id);
      if (!found) fail("NOT_FOUND", ORGANIZATION_POLICY_ERRORS.INVITATION_NOT_FOUND);
      assertOpen(found.invitation);
      assertWithinRank(found.invitation.role, found.role, ORGANIZATION_POLICY_ERRORS.INVITATION_ABOVE_OWN);
      return;
    }
    const found = await invitationById(db, id);
    if (!found) fail("NOT_FOUND", ORGANIZATION_POLICY_ERRORS.INVITATION_NOT_FOUND);
    if (found.email.toLowerCase() !== user.email.toLowerCase())
      fail("FORBIDDEN", ORGANIZATION_POLICY_ERRORS.NOT_RECIPIENT);
    assertOpen(found);
  }

  return {
    id: "edgegate-organization-policy",
    hooks: {
      before: [
        {
          matcher: (ctx) => !!ctx.path?.startsWith("/organization/"),
          handler: createAuthMiddleware(async (ctx) => {
            // From the database, never the signed cache; without a session the endpoint answers 401.
            const session = await getSessionFromCtx(ctx, { disableCookieCache: true });
            if (!session) return;
            const body = (ctx.body ?? {}) as Input;
            const input = [body, (ctx.query ?? {}) as Input];
            if (INVITATION_PATHS.has(ctx.path)) return invitationRules(ctx.path, session.user, input);
            if (UNSCOPED.has(ctx.path)) return;
            // Unsetting the active organization names none.
            if (ctx.path === "/organization/set-active" && body.organizationId === null && !text(body.organizationSlug))
              return;
            const scope = await scopeOf(session.user.id, session.session.activeOrganizationId, input);
            if (!scope) return;
            const changed = await scopedRules(ctx.path, scope, body, ctx.headers);
            if (changed) return { context: changed };
          }),
        },
        {
          matcher: (ctx) => ACCOUNT_DELETION_PATHS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            const session = await getSessionFromCtx(ctx, { disableCookieCache: true });
            const userId =
              ctx.path === "/admin/remove-user" ? text((ctx.body as Input | undefined)?.userId) : session?.user.id;
            if (!userId) return;
            const alone = await organizationsOwnedAlone(db, userId);
            if (alone.length)
              fail("BAD_REQUEST", {
                code: "SOLE_OWNER_OF_ORGANIZATIONS",
                message: `The account is the only owner of ${alone.map((o) => o.slug).join(", ")}: make someone else an owner of each, or delete them, before deleting the account`,
              });
          }),
        },
      ],
    },
  };
}
