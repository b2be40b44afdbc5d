/**
 * The Better Auth instance, built from a database handle and validated env.
 * A factory rather than a module-level singleton, so tests and scripts can
 * build one on a database of their own; the app keeps one per process or
 * Worker isolate (./instance.ts).
 */
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins/admin";
import * as schema from "@/lib/server/db/schema";
import type { Database } from "@/lib/server/db/types";
import { cookieConfig } from "@/lib/shared/auth/cookies";
import { AUTH_BASE_PATH } from "@/lib/shared/auth/endpoints";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/shared/auth/validation";
import type { ServerEnv } from "@/lib/shared/env";
import { CLIENT_IP_HEADER } from "./client-ip";
import { hideSessionTokens } from "./hide-session-tokens";

const IPV6_SUBNET = 48;

export function createAuth(db: Database, env: ServerEnv) {
  const cookies = cookieConfig(env);
  return betterAuth({
    appName: "edgegate",
    baseURL: env.baseURL,
    basePath: AUTH_BASE_PATH,
    secret: env.secret,
    // transaction: sign-up's user, account and session rows commit together or not at all.
    database: drizzleAdapter(db, { provider: "pg", schema, transaction: true }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
    },
    session: {
      cookieCache: { enabled: true, maxAge: cookies.cacheMaxAge, strategy: cookies.strategy },
    },
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
        ipv6Subnet: IPV6_SUBNET,
      },
    },
    hooks: { after: hideSessionTokens },
    databaseHooks: {
      user: {
        create: {
          // Runs after the admin plugin's hook, which sets the default role.
          before: async (user) =>
            env.adminEmails.has(user.email.toLowerCase()) ? { data: { ...user, role: "admin" } } : undefined,
        },
      },
    },
    // nextCookies() must stay last: it copies every Set-Cookie into Next's cookie store.
    plugins: [admin(), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
