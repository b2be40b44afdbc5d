/**
 * Start-up's look at the OpenID Connect issuer (OIDC_ISSUER), before Better
 * Auth's own discovery. Better Auth skips a provider whose discovery fails and
 * tries again when someone next chooses it (waiting up to 10 s), logging only
 * "Discovery fetch failed". That is right for an outage, wrong for a typo: so
 * a document that is there but wrong (not found, not JSON, another issuer, no
 * endpoints) stops start-up naming the variable, and an issuer that does not
 * answer is logged once with what will happen.
 */

import type { ServerEnv } from "@/lib/shared/env";

export type DiscoveryCheck = { ok: true } | { ok: false; permanent: boolean; message: string };

const TIMEOUT_MS = 5000;

/** The endpoints an authorization-code sign-in with ID-token verification needs. */
const REQUIRED = ["authorization_endpoint", "token_endpoint", "jwks_uri"] as const;

export async function checkOidcIssuer(issuer: string, timeoutMs = TIMEOUT_MS): Promise<DiscoveryCheck> {
  const url = `${issuer}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
  } catch (error) {
    return unreachable(url, (error as Error).name === "TimeoutError" ? `no answer in ${timeoutMs / 1000} s` : error);
  }
  if (response.status >= 500) return unreachable(url, `it answered ${response.status}`);
  const wrong = (why: string): DiscoveryCheck => ({
    ok: false,
    permanent: true,
    message: `OIDC_ISSUER is ${issuer}, but ${url} ${why}. Set OIDC_ISSUER to the provider's issuer URL (its discovery document's "issuer").`,
  });
  if (!response.ok) return wrong(`answered ${response.status}`);
  const document = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!document || typeof document !== "object") return wrong("is not a JSON discovery document");
  // OpenID Connect Discovery 1.0 §4.3: the document's issuer must be the URL it was fetched under.
  if (document.issuer !== issuer) return wrong(`names another issuer (${String(document.issuer)})`);
  const missing = REQUIRED.filter((field) => typeof document[field] !== "string");
  if (missing.length > 0) return wrong(`has no ${missing.join(", ")}`);
  return { ok: true };
}

function unreachable(url: string, reason: unknown): DiscoveryCheck {
  return {
    ok: false,
    permanent: false,
    message: `OIDC_ISSUER: ${url} could not be read (${String(reason)}). Its sign-in button answers "not available" until it can; each press retries discovery, waiting up to 10 s.`,
  };
}

/** Throws when OIDC_ISSUER is wrong; reports through `warn` when it does not answer. */
export async function checkConfiguredIssuer(env: ServerEnv, warn: (message: string) => void): Promise<void> {
  const issuer = env.signIn.providers.find((provider) => provider.id === "oidc")?.issuer;
  if (!issuer) return;
  const check = await checkOidcIssuer(issuer);
  if (!check.ok && check.permanent) throw new Error(check.message);
  if (!check.ok) warn(check.message);
}
