/**
 * What Better Auth mails, and where its links lead. Better Auth builds links
 * to its own API (GET /api/auth/verify-email?token=…); the messages link to
 * the app's pages instead (/verify-email, /reset-password), which act only
 * when the person presses a button. A mail scanner that opens every link in
 * a message therefore signs nobody in and uses up nothing. Every send goes
 * through the mailer, after the response (see lib/server/mail/mailer.ts).
 */
import { defineRequestState, hasRequestState } from "@better-auth/core/context";
import type { BetterAuthOptions, BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import {
  accountDeletedMail,
  apiKeyMail,
  confirmNewEmailMail,
  emailChangeRequestedMail,
  passkeyAddedMail,
  passwordChangedMail,
  providerLinkedMail,
  resetPasswordMail,
  signUpAttemptMail,
  twoFactorDisabledMail,
  twoFactorEnabledMail,
  verifyEmailMail,
} from "@/lib/server/mail/compose";
import type { Mailer } from "@/lib/server/mail/mailer";
import { DEFAULT_AFTER_SIGN_IN } from "@/lib/shared/auth/redirects";
import { fromBase64Url } from "@/lib/shared/base64url";
import type { ServerEnv } from "@/lib/shared/env";
import { API_KEY_CREATE_PATH, API_KEY_DELETE_PATH, apiKeyChange } from "./api-key-changes";
import { CLIENT_COUNTRY_HEADER } from "./client-country";
import { CLIENT_IP_HEADER } from "./client-ip";
import { providerName } from "./provider-name";

/**
 * Where a link Better Auth built was to send the person afterwards: its
 * callbackURL, except the "/" Better Auth puts where the request named none
 * (the app's default is the dashboard). Sanitized again where it is used.
 */
export function callbackOf(betterAuthLink: string): string {
  const requested = new URL(betterAuthLink).searchParams.get("callbackURL");
  return requested && requested !== "/" ? requested : DEFAULT_AFTER_SIGN_IN;
}

/** Reset links and verification links work for this long (seconds). */
export const LINK_LIFETIME = 3600;

/**
 * The claims of Better Auth's verification token (a JWT it signed and checks itself); read only to
 * pick the message, to tell a confirmed address from a changed one in the security log, and to
 * find a change-email link's account and age (./account-recovery.ts). Never trusted on their own:
 * Better Auth refuses a token whose signature does not hold.
 */
export function tokenClaims(token: string): {
  requestType?: unknown;
  email?: unknown;
  updateTo?: unknown;
  userId?: unknown;
  iat?: unknown;
} {
  try {
    return JSON.parse(new TextDecoder().decode(fromBase64Url(token.split(".")[1] ?? "") ?? new Uint8Array()));
  } catch {
    return {};
  }
}

export function accountMailOptions(env: ServerEnv, mailer: Mailer) {
  const page = (path: string, params: Record<string, string>) => `${env.baseURL}${path}?${new URLSearchParams(params)}`;
  const signIn = `${env.baseURL}/sign-in`;
  return {
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: env.mail.emailVerification,
      resetPasswordTokenExpiresIn: LINK_LIFETIME,
      // A reset proves the inbox, not the device: every session of the account ends.
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, token }) => {
        mailer.send(resetPasswordMail(user.email, user.name, page("/reset-password", { token })));
      },
      onPasswordReset: async ({ user }) => {
        mailer.send(passwordChangedMail(user.email, user.name, signIn));
      },
      // Better Auth answers a sign-up for a taken address like any other (no enumeration); the owner is told.
      onExistingUserSignUp: async ({ user }) => {
        mailer.send(signUpAttemptMail(user.email, user.name, signIn, `${env.baseURL}/forgot-password`));
      },
    },
    emailVerification: {
      sendOnSignUp: env.mail.emailVerification,
      // An unverified account that signs in with the right password gets a fresh link.
      sendOnSignIn: env.mail.emailVerification,
      autoSignInAfterVerification: true,
      expiresIn: LINK_LIFETIME,
      sendVerificationEmail: async ({ user, url, token }) => {
        const callbackUrl = callbackOf(url);
        const link = page("/verify-email", { token, callbackUrl });
        const newAddress = tokenClaims(token).requestType === "change-email-verification";
        mailer.send(
          newAddress ? confirmNewEmailMail(user.email, user.name, link) : verifyEmailMail(user.email, user.name, link),
        );
      },
    },
    user: {
      // The new address gets a link; the change applies when it is used (./account-notices tells the old one).
      changeEmail: { enabled: true },
      deleteUser: {
        enabled: true,
        afterDelete: async (user) => {
          mailer.send(accountDeletedMail(user.email, user.name));
        },
      },
    },
  } satisfies Partial<BetterAuthOptions>;
}

type Notice = (
  user: { email: string; name: string; twoFactorEnabled?: boolean | null },
  body: Record<string, unknown>,
) => void;

/** The endpoints whose success the owner is told of by mail (accountNotices). */
export const NOTICE_PATHS = [
  "/change-email",
  "/change-password",
  "/passkey/verify-registration",
  "/two-factor/disable",
  // Confirming the first code is what turns two-factor on (the sign-in step answers only accounts that have it).
  "/two-factor/verify-totp",
] as const;
type NoticePath = (typeof NOTICE_PATHS)[number];

/** The users a request created: an account made with them is a sign-up, not a provider linked. */
const usersCreatedHere = defineRequestState(() => new Set<string>());

/**
 * Security notices Better Auth has no option for, sent once an endpoint has
 * succeeded: the old address hears of an email change request, the owner of
 * a changed password hears of it (a reset is told by onPasswordReset), of a
 * passkey added, of two-factor turned on or off, and of a provider linked to an
 * existing account (whichever way Better Auth linked it: a database hook on
 * new provider accounts), and of an API key created or revoked (when and from
 * where too: a key needs no password to use). A completed email change is told by
 * ./account-recovery.ts, which also ends the other sessions.
 */
export function accountNotices(env: ServerEnv, mailer: Mailer): BetterAuthPlugin {
  const signIn = `${env.baseURL}/sign-in`;
  const security = `${env.baseURL}/account/security`;
  const apiKeys = `${env.baseURL}/account/api-keys`;
  const notices: Record<NoticePath, Notice> = {
    "/change-email": (user, body) =>
      mailer.send(emailChangeRequestedMail(user.email, user.name, String(body.newEmail ?? ""), signIn)),
    "/change-password": (user) => mailer.send(passwordChangedMail(user.email, user.name, signIn)),
    "/passkey/verify-registration": (user) => mailer.send(passkeyAddedMail(user.email, security)),
    "/two-factor/disable": (user) => {
      if (user.twoFactorEnabled) mailer.send(twoFactorDisabledMail(user.email, security));
    },
    "/two-factor/verify-totp": (user) => {
      if (!user.twoFactorEnabled) mailer.send(twoFactorEnabledMail(user.email, security));
    },
  };
  return {
    id: "edgegate-account-notices",
    init: () => ({
      options: {
        databaseHooks: {
          user: {
            create: {
              after: async (user) => {
                if (await hasRequestState()) (await usersCreatedHere.get()).add(user.id);
              },
            },
          },
          account: {
            create: {
              after: async (account, ctx) => {
                if (account.providerId === "credential") return; // a password set, not a provider
                if ((await hasRequestState()) && (await usersCreatedHere.get()).has(account.userId)) return;
                const user = await ctx?.context.internalAdapter.findUserById(account.userId);
                if (user) mailer.send(providerLinkedMail(user.email, providerName(env, account.providerId), security));
              },
            },
          },
        },
      },
    }),
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path !== undefined && ctx.path in notices,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned as { status?: unknown; token?: unknown } | Error | undefined;
            const user = ctx.context.session?.user;
            if (!user || !returned || returned instanceof Error) return;
            notices[ctx.path as NoticePath](user, (ctx.body ?? {}) as Record<string, unknown>);
          }),
        },
        {
          matcher: (ctx) => ctx.path === API_KEY_CREATE_PATH || ctx.path === API_KEY_DELETE_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const changed = await apiKeyChange(ctx);
            const user = ctx.context.session?.user;
            if (!changed || !user) return;
            const origin = {
              at: new Date(),
              address: ctx.headers?.get(CLIENT_IP_HEADER) ?? null,
              country: ctx.headers?.get(CLIENT_COUNTRY_HEADER) ?? null,
            };
            const where = changed.organization
              ? {
                  name: changed.organization.name,
                  url: `${env.baseURL}/orgs/${changed.organization.slug}/settings/api-keys`,
                }
              : { name: null, url: apiKeys };
            mailer.send(apiKeyMail(user.email, changed.change, changed.key, origin, where));
          }),
        },
      ],
    },
  };
}
