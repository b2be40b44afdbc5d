/**
 * The Better Auth configuration: one place that says how accounts work. A
 * factory rather than a module-level singleton, so tests and scripts can build
 * one on a database and mailer of their own; the app keeps one per process or
 * Worker isolate (./instance.ts).
 */
import { tryGetCurrentAuthEndpointContext } from "@better-auth/core/context";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins/admin";
import { describeError } from "@/lib/server/db/errors";
import * as schema from "@/lib/server/db/schema";
import type { Database } from "@/lib/server/db/types";
import type { Mailer, Schedule } from "@/lib/server/mail/mailer";
import { limitMailPerRecipient } from "@/lib/server/mail/recipient-limit";
import { securityLogCapture } from "@/lib/server/security-log/capture";
import type { SecurityLog } from "@/lib/server/security-log/recorder";
import { APP_NAME } from "@/lib/shared/app";
import { cookieConfig } from "@/lib/shared/auth/cookies";
import { API_KEY_GATE_ENDPOINT, AUTH_BASE_PATH, ORGANIZATION_GATE_ENDPOINT } from "@/lib/shared/auth/endpoints";
import { PASSWORD_MAX_LENGTH } from "@/lib/shared/auth/validation";
import type { ServerEnv } from "@/lib/shared/env";
import { accessTokens } from "./access-tokens";
import { accountMailOptions, accountNotices } from "./account-mail";
import { accountRecovery, raiseSecurityEpoch } from "./account-recovery";
import { adminAddressesMoveOnlyForTheirAsker, adminRoleSync, type RoleHolder } from "./admin-emails";
import { ADMIN_DISABLED_PATHS, adminGuard } from "./admin-guard";
import { apiKeyChanges } from "./api-key-changes";
import { apiKeyPolicy, apiKeys, deleteApiKeysOf, type VerifyApiKey } from "./api-keys";
import { CLIENT_COUNTRY_HEADER } from "./client-country";
import { CLIENT_IP_HEADER, IPV6_NETWORK_PREFIX } from "./client-ip";
import { type EndpointRoutes, endpointRoutes } from "./endpoint-routes";
import { firstConfirmation } from "./first-confirmation";
import { hideSessionTokens } from "./hide-session-tokens";
import { signInLinksFromOwnPages } from "./link-use-origin";
import { authLogger } from "./logger";
import { newPasswords } from "./new-passwords";
import { organizationGate } from "./organization-gate";
import { ORGANIZATION_DISABLED_PATHS, organizationPolicy } from "./organization-policy";
import { ACTIVE_ORGANIZATION_FIELDS, activeOrganizationColumns, organizations } from "./organizations";
import { ACCOUNT_PASSWORD_LOCKED, clearPasswordFailures, passwordAttemptsPerAccount } from "./password-attempts";
import { sharedRateLimitStorage } from "./rate-limit";
import { reauthentication } from "./reauthentication";
import { signInPlugins, socialProviders } from "./sign-in-methods";
import { syntheticSignUpUser } from "./sign-up-answer";
import { turnstile } from "./turnstile";
import { userNames } from "./user-names";
import { storedIdentifier } from "./verification-identifiers";

export interface AuthDependencies {
  mailer: Mailer;
  securityLog: SecurityLog;
  /** Runs a task after the response (the mailer's and security log's schedule). */
  schedule: Schedule;
}

export function createAuth(
  db: Database,
  env: ServerEnv,
  { mailer: delivery, securityLog, schedule }: AuthDependencies,
) {
  // Every message the configuration sends, behind the per-recipient limit (lib/server/mail/recipient-limit.ts).
  const mailer = limitMailPerRecipient(delivery, db, env.secret, schedule);
  const cookies = cookieConfig(env);
  const capture = securityLogCapture(securityLog);
  const mail = accountMailOptions(env, mailer);
  const syncAdminRole = adminRoleSync(db, env.adminEmails);
  /** Work a sign-in need not wait for, after the answer; a failure is logged, never the person's. */
  const afterAnswer = (what: string, task: () => Promise<void>) =>
    schedule(() => task().catch((error) => console.error(`[auth] ${what} failed: ${describeError(error)}`)));
  let routes: EndpointRoutes = () => null; // the instance's own endpoints, once it exists (below)
  let verifyKey: VerifyApiKey = async () => ({ valid: false, error: null, key: null }); // the same
  const auth = betterAuth({
    appName: APP_NAME,
    baseURL: env.baseURL,
    basePath: AUTH_BASE_PATH,
    secret: env.secret,
    // transaction: sign-up's user, account and session rows commit together or not at all.
    database: drizzleAdapter(db, { provider: "pg", schema, transaction: true }),
    emailAndPassword: {
      ...mail.emailAndPassword,
      onPasswordReset: async (data) => {
        await mail.emailAndPassword.onPasswordReset(data);
        // A reset proves the inbox: the per-account limit on wrong passwords no longer applies.
        await clearPasswordFailures(db, env.secret, data.user.email);
        // Pending email-change links, trusted devices and API keys end with the sessions (./account-recovery.ts).
        await raiseSecurityEpoch(db, data.user.id);
        capture.databaseHooks.passwordReset(data.user, tryGetCurrentAuthEndpointContext() ?? null);
      },
      // PASSWORD_SIGN_IN=off: no password sign-in, sign-up or reset (passkeys, links and providers remain).
      enabled: env.signIn.password,
      // The length rule counts code points and answers in its own words (./new-passwords.ts); Better Auth
      // counts UTF-16 units, so its own check is left the widest bounds: 128 emoji are 256 units.
      minPasswordLength: 1,
      maxPasswordLength: 2 * PASSWORD_MAX_LENGTH,
      // The answer to a sign-up for a taken address, alike to a new one's (./sign-up-answer.ts).
      customSyntheticUser: syntheticSignUpUser,
    },
    emailVerification: mail.emailVerification,
    // No usable token at rest: identifiers are stored hashed (./verification-identifiers.ts).
    verification: { storeIdentifier: { hash: storedIdentifier } },
    socialProviders: socialProviders(env),
    account: {
      // An OAuth sign-in joins an existing account of the same address only when the provider says
      // the address is verified and the account's own address is verified too (the default in 1.7,
      // stated here because it is what keeps a squatted, unconfirmed account from being taken over).
      accountLinking: { enabled: true, requireLocalEmailVerified: true, allowDifferentEmails: false },
    },
    user: {
      ...mail.user,
      additionalFields: {
        // The address that earned the admin role through ADMIN_EMAILS (./admin-emails.ts); never set by clients.
        adminGrantedFor: { type: "string", required: false, input: false, returned: false },
      },
    },
    rateLimit: {
      // Counters in Postgres, shared by every process and isolate (./rate-limit.ts); "database" also
      // puts Better Auth's rate_limit table in the generated schema.
      storage: "database",
      customStorage: sharedRateLimitStorage(db, () => routes),
      customRules: {
        // The session check of the gate and of every page: a cache miss must stay one SQL round trip.
        // Its cookie is signed, so a forged or guessed token is refused before any query.
        "/get-session": false,
        // The gate's organization check, for the same reasons: every request to a fresh organization page.
        [ORGANIZATION_GATE_ENDPOINT]: false,
        // The public keys: fetched by verifiers (the gate among them), never secret, and a counter row per call
        // would cost more than the answer.
        "/jwks": false,
        // They answer whether a slug is taken (they must): a slow way to probe which organizations exist.
        "/organization/create": { window: 60, max: 10 },
        "/organization/update": { window: 60, max: 10 },
        // The gate's key check, on every API call with a key: each key has its own limit, and wrong keys
        // are limited per client address (./api-keys.ts), so a busy service is not held back by its address.
        [API_KEY_GATE_ENDPOINT]: false,
        "/api-key/create": { window: 60, max: 10 },
      },
    },
    session: {
      cookieCache: { enabled: true, maxAge: cookies.cacheMaxAge, strategy: cookies.strategy },
      additionalFields: {
        // Where the session was signed in from, when the platform says (./client-country.ts).
        country: { type: "string", required: false, input: false },
        ...ACTIVE_ORGANIZATION_FIELDS,
      },
    },
    // Errors that are not Better Auth's own answers reach the route, which tells an unavailable
    // database (503, Retry-After) from a bug (500): lib/server/http/auth-failure.ts.
    onAPIError: { throw: true },
    // Errors by name and code, never with a failed query's parameters (./logger.ts).
    logger: authLogger,
    advanced: {
      cookiePrefix: cookies.prefix,
      useSecureCookies: cookies.secure,
      // One query for session + user on a cache miss instead of two.
      database: { joins: true },
      ipAddress: {
        // The client address (rate limiting, session records), resolved per platform by the route handler.
        ipAddressHeaders: [CLIENT_IP_HEADER],
        // IPv6 clients are keyed by their /48, the block a site or customer is usually given:
        // at the default /64, one holder of a /48 would get 65,536 separate rate-limit buckets.
        ipv6Subnet: IPV6_NETWORK_PREFIX,
      },
    },
    databaseHooks: {
      user: {
        create: { after: async (user, ctx) => capture.databaseHooks.userCreated(user, ctx) },
        update: { after: (user) => syncAdminRole(user.id, user as RoleHolder) },
        delete: {
          after: async (user, ctx) => {
            await deleteApiKeysOf(db, user.id);
            await capture.databaseHooks.userDeleted(user, ctx);
          },
        },
      },
      session: {
        create: {
          before: async (session, ctx) => ({
            data: { ...session, country: ctx?.headers?.get(CLIENT_COUNTRY_HEADER) ?? null },
          }),
          // After the answer, not before: the session's cache cookie is made from the user as read before
          // this hook, so a role granted here reaches the session within one cache window either way
          // (./admin-emails.ts), and waiting for it put one more database round trip in every sign-in.
          after: async (session) => afterAnswer("admin role sync", () => syncAdminRole(session.userId)),
        },
        update: { before: activeOrganizationColumns(db) },
        delete: { after: async (session, ctx) => capture.databaseHooks.sessionDeleted(session, ctx) },
      },
    },
    // nextCookies() must stay last: it copies every Set-Cookie into Next's cookie store.
    // Admin endpoints the console does not use (./admin-guard.ts): less to attack; and the plugin's
    // slug-existence check (./organization-policy.ts).
    disabledPaths: [...ADMIN_DISABLED_PATHS, ...ORGANIZATION_DISABLED_PATHS],
    plugins: [
      admin(),
      // Before the other rules: a session without a recent proof learns nothing more from them.
      reauthentication(db, env, mailer),
      adminGuard(env.adminEmails),
      adminAddressesMoveOnlyForTheirAsker(env.adminEmails),
      passwordAttemptsPerAccount(
        db,
        env.secret,
        (email, headers) =>
          securityLog.record({
            type: "sign-in",
            success: false,
            email,
            method: "password",
            detail: ACCOUNT_PASSWORD_LOCKED,
            headers,
          }),
        afterAnswer,
      ),
      ...signInPlugins(env, mailer),
      organizations(env, mailer, db),
      organizationPolicy(db),
      organizationGate(db, cookies.cacheMaxAge),
      ...(env.botDefence.turnstile
        ? [
            turnstile(env.botDefence.turnstile, env.baseURL, (endpoint, reason, request) =>
              securityLog.record({
                type: "bot-check-skipped",
                success: true,
                detail: `${endpoint}: ${reason}`,
                headers: request.headers,
              }),
            ),
          ]
        : []),
      newPasswords(
        env.botDefence.breachCheck && {
          url: env.botDefence.breachCheck.url,
          onSkipped: ({ reason, email, headers }) =>
            securityLog.record({ type: "password-check-skipped", success: true, email, detail: reason, headers }),
        },
      ),
      accessTokens(db, env),
      apiKeys(),
      apiKeyPolicy(db, () => verifyKey),
      // Which key a revocation deletes, read before it goes, for the security log and the owner's mail.
      apiKeyChanges,
      signInLinksFromOwnPages,
      userNames,
      firstConfirmation,
      hideSessionTokens,
      accountNotices(env, mailer),
      accountRecovery(db, env, mailer),
      // After the sign-in plugins, so it sees a sign-in as they leave it (two-factor may undo one).
      capture.plugin,
      nextCookies(),
    ],
  });
  routes = endpointRoutes(auth.api);
  verifyKey = (key) => auth.api.verifyApiKey({ body: { key } });
  return auth;
}

export type Auth = ReturnType<typeof createAuth>;
