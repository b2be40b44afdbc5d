import { Suspense } from "react";
import { getSession } from "@/lib/server/auth/session";
import { describeError } from "@/lib/server/db/errors";
import { organizationsOf } from "@/lib/server/organizations/membership";
import { hasRole } from "@/lib/shared/auth/roles";
import { signOutAction } from "../sign-out-action";
import { HeaderView } from "./header-view";
import { OrganizationSwitcher } from "./organization-switcher";
import { OrganizationsLink } from "./organizations-link";

/**
 * My organizations for the switcher, or the plain link when I have none or
 * the database cannot say: pages that need no database (the dashboard, from
 * the signed cache) must keep working while it is down.
 */
async function OwnOrganizations({ userId }: { userId: string }) {
  let organizations: { name: string; slug: string }[];
  try {
    organizations = (await organizationsOf(userId)).map(({ name, slug }) => ({ name, slug }));
  } catch (error) {
    console.error(`[header] organizations unavailable: ${describeError(error)}`);
    return <OrganizationsLink />;
  }
  return organizations.length ? <OrganizationSwitcher organizations={organizations} /> : <OrganizationsLink />;
}

/**
 * The header of server-rendered (protected) pages: their session is already
 * read, so no flash and no extra request to the auth handler. The switcher
 * streams in (one indexed query) without holding the page back.
 */
export async function ServerHeader() {
  const session = await getSession();
  if (!session) return <HeaderView visitor={{ state: "signed-out" }} signOut={signOutAction} />;
  return (
    <HeaderView
      signOut={signOutAction}
      visitor={{ state: "signed-in", email: session.user.email, isAdmin: hasRole(session.user.role, "admin") }}
      organizations={
        <Suspense fallback={<OrganizationsLink />}>
          <OwnOrganizations userId={session.user.id} />
        </Suspense>
      }
    />
  );
}
