import { serverEnv } from "@/lib/server/env";
import type { SignInMethods } from "@/lib/shared/auth/sign-in-methods";

/**
 * The ways of signing in this deployment offers, for the prerendered sign-in
 * and sign-up pages (their HTML cannot know the configuration). Public, the
 * same for everyone, and cacheable for a minute.
 */
export function GET(): Response {
  const { signIn, botDefence } = serverEnv();
  const body: SignInMethods = {
    password: signIn.password,
    passkey: true,
    magicLink: signIn.magicLink,
    providers: signIn.providers.map(({ id, name }) => ({ id, name })),
    // Read here, not baked into the pages at build time: a Worker's variables change without a build.
    turnstileSiteKey: botDefence.turnstile?.siteKey ?? null,
  };
  return Response.json(body, { headers: { "cache-control": "public, max-age=60" } });
}
