/**
 * The Better Auth pieces for each way of signing in that the configuration
 * turns on (lib/shared/env/sign-in.ts): passkeys, two-factor codes, magic
 * links, GitHub / Google and any OpenID Connect provider.
 */
import { passkey } from "@better-auth/passkey";
import type { BetterAuthOptions, BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { deleteSessionCookie } from "better-auth/cookies";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { magicLink } from "better-auth/plugins/magic-link";
import { twoFactor } from "better-auth/plugins/two-factor";
import { magicLinkMail, magicLinkRefusedMail } from "@/lib/server/mail/compose";
import type { Mailer } from "@/lib/server/mail/mailer";
import { APP_NAME } from "@/lib/shared/app";
import type { ServerEnv } from "@/lib/shared/env";
import { callbackOf } from "./account-mail";
import { discoveryUrl } from "./oidc-discovery";
import { totpCodesSingleUse } from "./totp-single-use";

/** Magic links work this long (seconds): a sign-in, not a standing credential. */
const MAGIC_LINK_LIFETIME = 300;

/** GitHub and Google as Better Auth social providers, by their client id and secret. */
export function socialProviders(env: ServerEnv): NonNullable<BetterAuthOptions["socialProviders"]> {
  const providers: NonNullable<BetterAuthOptions["socialProviders"]> = {};
  for (const provider of env.signIn.providers) {
    if (provider.id === "github" || provider.id === "google") {
      providers[provider.id] = { clientId: provider.clientId, clientSecret: provider.clientSecret };
    }
  }
  return providers;
}

/**
 * The magic-link plugin, mailing a link to the app's /magic-link page (a
 * button press signs in, so mail scanners that open links burn nothing).
 * An account with two-factor authentication gets no link: a link alone would
 * skip its second factor. It is told so instead, and the answer to the
 * request stays the same (no enumeration).
 */
function magicLinks(env: ServerEnv, mailer: Mailer): BetterAuthPlugin {
  return magicLink({
    expiresIn: MAGIC_LINK_LIFETIME,
    // Only a hash is stored: a leaked database backup holds no working sign-in links.
    storeToken: "hashed",
    sendMagicLink: async ({ email, url, token }, ctx) => {
      const user = ctx ? await ctx.context.internalAdapter.findUserByEmail(email) : null;
      if (user?.user && (user.user as { twoFactorEnabled?: boolean }).twoFactorEnabled) {
        mailer.send(magicLinkRefusedMail(email, user.user.name, `${env.baseURL}/sign-in`));
        return;
      }
      const link = `${env.baseURL}/magic-link?${new URLSearchParams({ token, callbackUrl: callbackOf(url) })}`;
      mailer.send(magicLinkMail(email, link));
    },
  });
}

/** Refuses a magic link for an account that turned two-factor on after the link was sent. */
const magicLinkRespectsTwoFactor: BetterAuthPlugin = {
  id: "edgegate-magic-link-two-factor",
  hooks: {
    after: [
      {
        matcher: (ctx) => ctx.path === "/magic-link/verify",
        handler: createAuthMiddleware(async (ctx) => {
          const signedIn = ctx.context.newSession;
          if (!(signedIn?.user as { twoFactorEnabled?: boolean } | undefined)?.twoFactorEnabled) return;
          await ctx.context.internalAdapter.deleteSession(signedIn!.session.token);
          // As Better Auth's own two-factor hook does: the hooks after this one (the security log) must
          // not see a sign-in whose session no longer exists.
          ctx.context.setNewSession(null);
          deleteSessionCookie(ctx); // after the cookies the link just set, so the browser ends without them
          throw ctx.redirect("/magic-link?error=TWO_FACTOR_REQUIRED");
        }),
      },
    ],
  },
};

/**
 * Passkeys that are two factors on their own: the authenticator must verify
 * the person (PIN, fingerprint, face), which is what lets a passkey sign-in
 * stand in for password plus code. Discoverable ("resident") credentials only,
 * because the sign-in page asks for no email before the passkey.
 */
function passkeys(env: ServerEnv): BetterAuthPlugin {
  const refuseUnverified = (userVerified: boolean) => {
    if (!userVerified) throw APIError.from("UNAUTHORIZED", USER_VERIFICATION_REQUIRED);
  };
  return passkey({
    rpID: new URL(env.baseURL).hostname,
    rpName: APP_NAME,
    // The expected origin comes from configuration, never from the request's Origin header.
    origin: env.baseURL,
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    registration: {
      afterVerification: ({ verification }) => refuseUnverified(verification.registrationInfo!.userVerified),
    },
    authentication: {
      afterVerification: ({ verification }) => refuseUnverified(verification.authenticationInfo.userVerified),
    },
  });
}

const USER_VERIFICATION_REQUIRED = {
  code: "USER_VERIFICATION_REQUIRED",
  message: "The passkey must confirm it is you (PIN, fingerprint or face)",
};

export function signInPlugins(env: ServerEnv, mailer: Mailer): BetterAuthPlugin[] {
  const plugins: BetterAuthPlugin[] = [passkeys(env), twoFactor({ issuer: APP_NAME }), totpCodesSingleUse];
  if (env.signIn.magicLink) plugins.push(magicLinks(env, mailer), magicLinkRespectsTwoFactor);
  const oidc = env.signIn.providers.find((provider) => provider.id === "oidc");
  if (oidc?.issuer) {
    plugins.push(
      genericOAuth({
        config: [
          {
            providerId: "oidc",
            discoveryUrl: discoveryUrl(oidc.issuer),
            clientId: oidc.clientId,
            clientSecret: oidc.clientSecret,
            scopes: ["openid", "email", "profile"],
            pkce: true,
            // client_secret_basic: the token endpoint authentication every OpenID provider must accept.
            authentication: "basic",
          },
        ],
      }),
    );
  }
  return plugins;
}
