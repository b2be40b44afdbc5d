/**
 * Organizations: Better Auth's organization plugin with the shared roles
 * (lib/shared/auth/organization-access.ts), the slug and name rules the plugin
 * does not have (lib/shared/auth/organization-slug.ts, validation.ts), invitations for
 * seven days, accepted only by the invited address once it is verified, and
 * mailed through the app's mailer (after the answer, per-recipient limit).
 *
 * The rules the plugin leaves open (who may act on what, owners, invitations,
 * the typed slug) are in ./organization-policy.ts.
 */

import type { GenericEndpointContext } from "better-auth";
import { APIError } from "better-auth/api";
import { organization } from "better-auth/plugins/organization";
import type { Database } from "@/lib/server/db/types";
import { organizationInvitationMail } from "@/lib/server/mail/compose";
import type { Mailer } from "@/lib/server/mail/mailer";
import { membershipIn } from "@/lib/server/organizations/membership";
import { ORGANIZATION_ROLES, organizationAccess } from "@/lib/shared/auth/organization-access";
import { type SlugProblem, slugProblem } from "@/lib/shared/auth/organization-slug";
import { validateOrganizationName } from "@/lib/shared/auth/validation";
import type { ServerEnv } from "@/lib/shared/env";
import { deleteApiKeysOf } from "./api-keys";

export const INVITATION_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

const SLUG_MESSAGES: Record<SlugProblem, string> = {
  length: "The address must be 3 to 40 characters long",
  characters: "Use lower-case letters, digits and single hyphens inside",
  reserved: "This address is reserved: choose another",
};

function assertName(name: unknown): void {
  if (name === undefined) return;
  const problem = typeof name === "string" ? validateOrganizationName(name) : "Enter the organization's name.";
  if (problem) throw APIError.from("BAD_REQUEST", { code: "INVALID_ORGANIZATION_NAME", message: problem });
}

function assertSlug(slug: unknown): void {
  if (slug === undefined) return;
  const problem = typeof slug === "string" ? slugProblem(slug) : "characters";
  if (problem)
    throw APIError.from("BAD_REQUEST", { code: "INVALID_ORGANIZATION_SLUG", message: SLUG_MESSAGES[problem] });
}

export function organizations(env: Pick<ServerEnv, "baseURL">, mailer: Mailer, db: Database) {
  return organization({
    ac: organizationAccess,
    roles: ORGANIZATION_ROLES,
    creatorRole: "owner",
    invitationExpiresIn: INVITATION_LIFETIME_SECONDS,
    requireEmailVerificationOnInvitation: true,
    cancelPendingInvitationsOnReInvite: true,
    async sendInvitationEmail({ id, email, organization, inviter }) {
      const url = `${env.baseURL}/invitations/${encodeURIComponent(id)}`;
      mailer.send(organizationInvitationMail(email, inviter.user.name, organization.name, url));
    },
    organizationHooks: {
      async beforeCreateOrganization({ organization }) {
        assertName(organization.name);
        assertSlug(organization.slug);
      },
      async beforeUpdateOrganization({ organization }) {
        assertName(organization.name);
        assertSlug(organization.slug);
      },
      // Its API keys go with it (they name it without a foreign key).
      async afterDeleteOrganization({ organization }) {
        await deleteApiKeysOf(db, organization.id);
      },
    },
  });
}

/**
 * The active organization's slug, the session user's role in it and when that
 * membership was read from the database, copied into the session row so that
 * Better Auth's signed cache carries them and the gate can decide `org` routes
 * without I/O (lib/gate/identity.ts trusts them for one cache window after
 * `activeOrganizationCheckedAt`). Written only by the server, after a
 * membership read; never by a client (input: false).
 */
export const ACTIVE_ORGANIZATION_FIELDS = {
  activeOrganizationSlug: { type: "string", required: false, input: false },
  activeOrganizationRole: { type: "string", required: false, input: false },
  activeOrganizationCheckedAt: { type: "date", required: false, input: false },
} as const;

type SessionUpdate = Record<string, unknown>;

/**
 * `databaseHooks.session.update.before`: whenever the plugin changes the
 * active organization (set-active, create, accept, leave, delete), its slug and
 * role follow from a membership read. An update that already carries the
 * reading's time comes from our own check (./organization-gate.ts), which read
 * the membership itself.
 */
export function activeOrganizationColumns(db: Database) {
  return async (update: SessionUpdate, ctx: GenericEndpointContext | null) => {
    if (!("activeOrganizationId" in update) || "activeOrganizationCheckedAt" in update) return;
    const organizationId = update.activeOrganizationId;
    const userId = ctx?.context.session?.user.id;
    const membership =
      typeof organizationId === "string" && userId ? await membershipIn(db, userId, { id: organizationId }) : null;
    return {
      data: {
        ...update,
        activeOrganizationSlug: membership?.organization.slug ?? null,
        activeOrganizationRole: membership?.member.role ?? null,
        activeOrganizationCheckedAt: membership ? new Date() : null,
      },
    };
  };
}
