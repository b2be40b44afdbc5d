import type { ServerEnv } from "@/lib/shared/env";

/** A provider's name as its sign-in button says it (OIDC_NAME for OpenID Connect); its id once no longer configured. */
export function providerName(env: Pick<ServerEnv, "signIn">, id: string): string {
  return env.signIn.providers.find((provider) => provider.id === id)?.name ?? id;
}
