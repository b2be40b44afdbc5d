/**
 * Which ways of signing in are on. Passkeys and two-factor codes are always
 * available (they need nothing but BETTER_AUTH_URL); passwords can be turned
 * off (PASSWORD_SIGN_IN=off, e.g. to fit Workers Free's CPU limit: see "CPU
 * on Workers" in docs/deploy.md); magic links need a mail transport; each
 * OAuth / OpenID Connect provider is on when its client id and secret are set.
 */
import { type EnvSource, type Problems, readChoice, readHttpUrl, readText } from "./read";

export interface OAuthProvider {
  /** Better Auth's provider id: "github", "google" or "oidc". */
  id: "github" | "google" | "oidc";
  /** The sign-in button's label. */
  name: string;
  clientId: string;
  clientSecret: string;
  /** OpenID Connect only: the issuer, whose discovery document configures the rest. */
  issuer?: string;
}

export interface SignInEnv {
  password: boolean;
  magicLink: boolean;
  providers: OAuthProvider[];
}

export const SIGN_IN_ENV_NAMES = [
  "PASSWORD_SIGN_IN",
  "MAGIC_LINK",
  "GITHUB_CLIENT_ID",
  "GITHUB_CLIENT_SECRET",
  "GOOGLE_CLIENT_ID",
  "GOOGLE_CLIENT_SECRET",
  "OIDC_ISSUER",
  "OIDC_CLIENT_ID",
  "OIDC_CLIENT_SECRET",
  "OIDC_NAME",
];

/** A provider's id and secret come together; one without the other is a mistake worth stopping for. */
function readClient(
  source: EnvSource,
  prefix: string,
  problems: Problems,
): { clientId: string; clientSecret: string } | null {
  const clientId = readText(source, `${prefix}_CLIENT_ID`);
  const clientSecret = readText(source, `${prefix}_CLIENT_SECRET`);
  if (!clientId && !clientSecret) return null;
  if (!clientId) problems.push(`${prefix}_CLIENT_SECRET is set without ${prefix}_CLIENT_ID`);
  if (!clientSecret) problems.push(`${prefix}_CLIENT_ID is set without ${prefix}_CLIENT_SECRET`);
  return clientId && clientSecret ? { clientId, clientSecret } : null;
}

function readOidc(source: EnvSource, problems: Problems): OAuthProvider | null {
  const client = readClient(source, "OIDC", problems);
  const issuerSet = readText(source, "OIDC_ISSUER") !== undefined;
  const issuer = readHttpUrl(source, "OIDC_ISSUER", problems);
  if (!client && !issuerSet) return null;
  if (client && !issuerSet)
    problems.push("OIDC_CLIENT_ID is set without OIDC_ISSUER: the provider's issuer URL, e.g. https://id.example.com");
  if (!client && issuerSet) problems.push("OIDC_ISSUER is set without OIDC_CLIENT_ID and OIDC_CLIENT_SECRET");
  // An issuer identifier has no query or fragment (OpenID Connect Core 1.0 §2).
  if (issuer && (issuer.search || issuer.hash))
    problems.push(`OIDC_ISSUER must have no query or fragment (got "${readText(source, "OIDC_ISSUER")}")`);
  if (!client || !issuer || issuer.search || issuer.hash) return null;
  // Kept exactly as written, trailing slash and all: the discovery document's `issuer` must equal it
  // character for character (OpenID Connect Discovery 1.0 §4.3), and some providers' ends in "/" (Auth0).
  const configured = readText(source, "OIDC_ISSUER")!;
  return { id: "oidc", name: readText(source, "OIDC_NAME") ?? "Single sign-on", ...client, issuer: configured };
}

export function readSignInEnv(source: EnvSource, mailTransport: boolean, problems: Problems): SignInEnv {
  const password = readChoice(source, "PASSWORD_SIGN_IN", ["on", "off"], "on", problems) === "on";
  const magicLinkWanted = readChoice(source, "MAGIC_LINK", ["on", "off"], "on", problems) === "on";
  const providers: OAuthProvider[] = [];
  const github = readClient(source, "GITHUB", problems);
  if (github) providers.push({ id: "github", name: "GitHub", ...github });
  const google = readClient(source, "GOOGLE", problems);
  if (google) providers.push({ id: "google", name: "Google", ...google });
  const oidc = readOidc(source, problems);
  if (oidc) providers.push(oidc);
  const magicLink = magicLinkWanted && mailTransport;
  if (!password && !magicLink && providers.length === 0) {
    problems.push(
      "PASSWORD_SIGN_IN=off leaves no way to create an account: configure mail (for sign-in links) or an OAuth / OpenID Connect provider",
    );
  }
  return { password, magicLink, providers };
}
