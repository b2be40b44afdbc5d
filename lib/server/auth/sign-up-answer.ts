/**
 * A sign-up for an address that already has an account is answered as if an
 * account had been made (while confirmation is required), so nobody learns
 * which addresses have one. Better Auth builds that answer's user from the
 * request and the schema's defaults; this makes it match a created user's in
 * every value that is not random: the role the admin plugin gives at creation
 * (a default the schema does not show, so Better Auth's stand-in said null)
 * and the name as it is stored (./user-names.ts cleans it).
 */
import type { BetterAuthOptions } from "better-auth";
import { cleanName } from "@/lib/shared/auth/validation";
import { DEFAULT_ROLE } from "./admin-emails";

type SyntheticUser = NonNullable<NonNullable<BetterAuthOptions["emailAndPassword"]>["customSyntheticUser"]>;

export const syntheticSignUpUser: SyntheticUser = ({ coreFields, additionalFields, id }) => ({
  ...coreFields,
  ...additionalFields,
  name: cleanName(coreFields.name),
  role: DEFAULT_ROLE,
  id,
});
