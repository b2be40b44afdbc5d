/**
 * Access tokens (short-lived JWTs for apps, scripts and services): what the
 * server signs them with and what the gate will hold them to, in one place.
 */

/** At most 15 minutes: a token outlives the revocation of its session by its lifetime. */
export const ACCESS_TOKEN_MAX_LIFETIME_SECONDS = 15 * 60;

/**
 * As long as the signed session cache is trusted (SESSION_CACHE_MAX_AGE), so
 * a revoked session, a ban or a lowered role ends for cookies and tokens
 * within the same window; never longer than the maximum.
 */
export function accessTokenLifetimeSeconds(sessionCacheMaxAge: number): number {
  return Math.min(sessionCacheMaxAge, ACCESS_TOKEN_MAX_LIFETIME_SECONDS);
}

/**
 * The audience of the app's API. Not the bare origin (Better Auth's default),
 * so a JWT signed for another purpose with the same keys is no access token.
 */
export function accessTokenAudience(baseURL: string): string {
  return `${baseURL}/api`;
}
