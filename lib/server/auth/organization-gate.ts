/**
 * The gate's question for `org` routes (lib/gate/decide.ts, step 3):
 * `GET /api/auth/organization/gate?slug=<slug>` answers like get-session, read
 * from the database, with the session's active organization set to `slug`
 * when the user is a member of it, and a new signed cache saying so. The next
 * request for that organization is then decided from the cache again (as
 * Clerk's organization sync activates the organization a URL names).
 *
 * Not a member, or no such organization: the same answer, the session as it
 * was; the gate turns both into the same 404. A fresh route asks this on every
 * request, so its membership comes from the database every time.
 *
 * A GET that changes state, deliberately: it only ever switches to an
 * organization the session's own user belongs to. A link from another site
 * can make it do so, which is no more than following a link to /orgs/<slug>
 * does anyway.
 */
import type { BetterAuthPlugin } from "better-auth";
import { createAuthEndpoint, getSessionFromCtx } from "better-auth/api";
import { setCookieCache } from "better-auth/cookies";
import * as z from "zod";
import type { Database } from "@/lib/server/db/types";
import { type Membership, membershipIn } from "@/lib/server/organizations/membership";
import { ORGANIZATION_GATE_ENDPOINT } from "@/lib/shared/auth/endpoints";
import { SLUG_MAX_LENGTH, slugProblem } from "@/lib/shared/auth/organization-slug";

type ActiveColumns = {
  activeOrganizationId?: string | null;
  activeOrganizationSlug?: string | null;
  activeOrganizationRole?: string | null;
  activeOrganizationCheckedAt?: Date | string | null;
};

/**
 * Whether the session row must be written: another organization or role, or a
 * reading older than half a cache window (so pages of the organization keep
 * being decided from the cache without a write on every check).
 */
function needsWrite(session: ActiveColumns, { organization, member }: Membership, windowMs: number): boolean {
  const checkedAt = session.activeOrganizationCheckedAt ? new Date(session.activeOrganizationCheckedAt).getTime() : 0;
  return (
    session.activeOrganizationId !== organization.id ||
    session.activeOrganizationSlug !== organization.slug ||
    session.activeOrganizationRole !== member.role ||
    !(Date.now() - checkedAt < windowMs / 2)
  );
}

export function organizationGate(db: Database, cacheMaxAgeSeconds: number): BetterAuthPlugin {
  return {
    id: "edgegate-organization-gate",
    endpoints: {
      organizationGate: createAuthEndpoint(
        ORGANIZATION_GATE_ENDPOINT,
        { method: "GET", query: z.object({ slug: z.string().max(SLUG_MAX_LENGTH) }) },
        async (ctx) => {
          // From the database: the auth route removed the signed cache (handler-request.ts).
          const found = await getSessionFromCtx(ctx, { disableCookieCache: true });
          if (!found) return ctx.json(null);
          const { slug } = ctx.query;
          const membership = slugProblem(slug) ? null : await membershipIn(db, found.user.id, { slug });
          const current = found.session as typeof found.session & ActiveColumns;
          // Removed, or the organization renamed or deleted, since the session last named it.
          const revoked = !membership && current.activeOrganizationSlug === slug;
          const write = membership ? needsWrite(current, membership, cacheMaxAgeSeconds * 1000) : revoked;
          if (!write) return ctx.json({ session: found.session, user: found.user });
          const columns: ActiveColumns = membership
            ? {
                activeOrganizationId: membership.organization.id,
                activeOrganizationSlug: membership.organization.slug,
                activeOrganizationRole: membership.member.role,
                activeOrganizationCheckedAt: new Date(),
              }
            : {
                activeOrganizationId: null,
                activeOrganizationSlug: null,
                activeOrganizationRole: null,
                activeOrganizationCheckedAt: null,
              };
          const updated = await ctx.context.internalAdapter.updateSession(current.token, columns);
          // Deleted meanwhile: signed out, as get-session would say.
          if (!updated) return ctx.json(null);
          const dontRememberMe = await ctx.getSignedCookie(
            ctx.context.authCookies.dontRememberToken.name,
            ctx.context.secret,
          );
          await setCookieCache(ctx, { session: updated, user: found.user }, !!dontRememberMe);
          return ctx.json({ session: { ...found.session, ...columns }, user: found.user });
        },
      ),
    },
  };
}
