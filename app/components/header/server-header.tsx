import { getSession } from "@/lib/server/auth/session";
import { organizationsOf } from "@/lib/server/organizations/membership";
import { hasRole } from "@/lib/shared/auth/roles";
import { HeaderView } from "./header-view";

/**
 * The header of server-rendered (protected) pages: their session is already
 * read, so no flash and no extra request to the auth handler; the
 * organization switcher costs one indexed query.
 */
export async function ServerHeader() {
  const session = await getSession();
  return (
    <HeaderView
      visitor={
        session
          ? {
              state: "signed-in",
              email: session.user.email,
              isAdmin: hasRole(session.user.role, "admin"),
              organizations: (await organizationsOf(session.user.id)).map(({ name, slug }) => ({ name, slug })),
            }
          : { state: "signed-out" }
      }
    />
  );
}
