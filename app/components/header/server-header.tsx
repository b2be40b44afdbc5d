import { getSession } from "@/lib/server/auth/session";
import { hasRole } from "@/lib/shared/auth/roles";
import { HeaderView } from "./header-view";

/** The header of server-rendered (protected) pages: their session is already read, so no flash and no extra request. */
export async function ServerHeader() {
  const session = await getSession();
  return (
    <HeaderView
      visitor={
        session
          ? { state: "signed-in", email: session.user.email, isAdmin: hasRole(session.user.role, "admin") }
          : { state: "signed-out" }
      }
    />
  );
}
