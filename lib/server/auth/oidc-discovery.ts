/**
 * Start-up's look at the OpenID Connect issuer (OIDC_ISSUER), before Better
 * Auth's own discovery. Better Auth skips a provider whose discovery fails and
 * tries again when someone next chooses it (waiting up to 10 s), logging only
 * "Discovery fetch failed". That is right for an outage, wrong for a typo: so
 * a document that is there but wrong (not found, not JSON, another issuer, no
 * endpoints) stops start-up naming the variable, and an issuer that does not
 * answer is logged with what will happen.
 *
 * Start-up waits for the answer only briefly (STARTUP_WAIT_MS): a wrong issuer
 * answers at once, and an identity provider that is down must not hold every
 * new server instance (each cold start on Vercel) for the full timeout. A
 * verdict that comes later, good or bad, is logged (no longer stopping start-up).
 */

import type { ServerEnv } from "@/lib/shared/env";

export type DiscoveryCheck = { ok: true } | { ok: false; permanent: boolean; message: string };

const TIMEOUT_MS = 5000;
const STARTUP_WAIT_MS = 1500;

/** The endpoints an authorization-code sign-in with ID-token verification needs. */
const REQUIRED = ["authorization_endpoint", "token_endpoint", "jwks_uri"] as const;

/**
 * Where an issuer publishes its configuration (OpenID Connect Discovery 1.0 §4.1): a terminating "/"
 * of the issuer goes before the suffix is appended, so https://tenant.auth0.com/ and
 * https://id.example.com name their documents alike.
 */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
}

export async function checkOidcIssuer(issuer: string, timeoutMs = TIMEOUT_MS): Promise<DiscoveryCheck> {
  const url = discoveryUrl(issuer);
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
  // OpenID Connect Discovery 1.0 §4.3: the document's issuer must be identical to the configured one.
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

/**
 * Throws when OIDC_ISSUER is wrong; reports through `warn` when it does not
 * answer. Resolves within `waitMs`; a verdict after that is reported through `warn`.
 */
export async function checkConfiguredIssuer(
  env: ServerEnv,
  warn: (message: string) => void,
  waitMs = STARTUP_WAIT_MS,
): Promise<void> {
  const issuer = env.signIn.providers.find((provider) => provider.id === "oidc")?.issuer;
  if (!issuer) return;
  const checking = checkOidcIssuer(issuer);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<"waited">((resolve) => {
    timer = setTimeout(() => resolve("waited"), waitMs);
  });
  const check = await Promise.race([checking, waited]);
  clearTimeout(timer);
  if (check === "waited") {
    warn(
      `OIDC_ISSUER: ${discoveryUrl(issuer)} has not answered in ${waitMs / 1000} s; starting without waiting for it. Its sign-in button answers "not available" until discovery succeeds.`,
    );
    void checking
      .then((late) =>
        warn(late.ok ? `OIDC_ISSUER: ${issuer} answered after all; its discovery document is valid.` : late.message),
      )
      .catch(() => {}); // a failing logger must not become an unhandled rejection
    return;
  }
  if (!check.ok && check.permanent) throw new Error(check.message);
  if (!check.ok) warn(check.message);
}
