/**
 * A real OpenID Connect provider on a loopback port (npm oidc-provider, an
 * OpenID-certified implementation): what stands in for Google, Okta or
 * Keycloak in the tests and benchmarks. Discovery, authorization code with
 * PKCE, client_secret_basic at the token endpoint, signed ID tokens and a JWKS.
 *
 * Its own development sign-in form asks for a login (the account's `sub`) and
 * any password; consent is granted for the one client without asking, as a
 * company's identity provider does for its own apps. Which accounts exist,
 * and whether each says its email is verified, is up to the test.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";
import { freePort } from "./free-port";

export interface OidcAccount {
  /** The login typed on the provider's form, and the ID token's `sub`. */
  sub: string;
  email: string;
  emailVerified: boolean;
  name: string;
}

export interface OidcStandIn {
  issuer: string;
  /** The app's OIDC_* variables for this provider (its client id and secret among them). */
  env: Record<string, string>;
  addAccount(account: OidcAccount): void;
  close(): Promise<void>;
}

const SCOPES = "openid email profile";

export async function startOidcProvider(options: {
  redirectUri: string;
  name?: string;
  /** A port chosen in advance, e.g. to start the provider after the app that will use it. */
  port?: number;
  /** An issuer ending in "/", as Auth0's (https://<tenant>.auth0.com/) does. */
  trailingSlash?: boolean;
}): Promise<OidcStandIn> {
  const port = options.port ?? (await freePort());
  const issuer = `http://localhost:${port}${options.trailingSlash ? "/" : ""}`;
  const clientId = "edgegate";
  const clientSecret = randomBytes(24).toString("base64url");
  const accounts = new Map<string, OidcAccount>();
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: "RS256", use: "sig", kid: "stand-in" }] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: account.email, email_verified: account.emailVerified, name: account.name }),
      };
    },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope(SCOPES);
      await grant.save();
      return grant;
    },
  });
  // An unknown login is a failed sign-in at the provider, as it would be at a real one.
  provider.on("server_error", (_ctx, error) => console.error("[oidc stand-in]", error));

  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    issuer,
    env: {
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_CLIENT_SECRET: clientSecret,
      OIDC_NAME: options.name ?? "Acme ID",
    },
    addAccount: (account) => accounts.set(account.sub, account),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
