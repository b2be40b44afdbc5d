/** The browser's Better Auth client; it talks to /api/auth on the current origin. */
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();
