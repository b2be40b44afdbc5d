/**
 * The values tests and benchmarks share, in one place. Never used outside
 * them: the secret is public by being here.
 */
import { cookieConfig } from "@/lib/shared/auth/cookies";

/** Long enough for the production checks. */
export const TEST_SECRET = "edgegate-test-secret-0123456789-abcdefghij";
/** The origin of in-process auth instances (integration tests, gate micro-benchmarks). */
export const TEST_BASE_URL = "http://localhost:3000";
/** Every test account's password. */
export const TEST_PASSWORD = "correct-horse-battery";

const cookies = cookieConfig({ baseURL: TEST_BASE_URL, sessionCacheMaxAge: 300 });
/** The session cookies' names on http://localhost, where the tests run. */
export const TOKEN = cookies.sessionTokenName;
export const CACHE = cookies.sessionDataName;
