/**
 * The browser's Better Auth client; it talks to /api/auth on the current
 * origin, with the client halves of the sign-in plugins the server runs.
 */
import { passkeyClient } from "@better-auth/passkey/client";
import { magicLinkClient, twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient({
  plugins: [
    passkeyClient(),
    magicLinkClient(),
    twoFactorClient({
      // A right password on an account with two-factor on is only half a sign-in: the code comes next.
      onTwoFactorRedirect() {
        window.location.assign(`/two-factor${window.location.search}`);
      },
    }),
  ],
});
