/**
 * The app's real Better Auth instance (createAuth) on a real database,
 * driven through its HTTP handler exactly as the route handler does
 * (app/api/auth/[...all]/route.ts: the request prepared by handlerRequest).
 */

import { type Auth, createAuth } from "@/lib/server/auth/config";
import { handlerRequest } from "@/lib/server/auth/handler-request";
import { neonDatabase } from "@/lib/server/db/neon";
import { answerAuthRequest } from "@/lib/server/http/auth-failure";
import { cookieConfig } from "@/lib/shared/auth/cookies";
import { type EnvSource, readServerEnv } from "@/lib/shared/env";
import { hmacKey } from "@/lib/shared/hmac";
import { TEST_BASE_URL, TEST_PASSWORD, TEST_SECRET } from "./constants";
import { RecordingMailer } from "./recording-mailer";
import { type TestSecurityLog, testSecurityLog } from "./test-security-log";

export interface TestAuth {
  auth: Auth;
  /** Every message the instance asked to send. */
  mail: RecordingMailer;
  /** The security log it writes (await flush() before reading the table). */
  log: TestSecurityLog;
  /** What the route handler does with a request that reached /api/auth. */
  handle(request: Request): Promise<Response>;
  request(path: string, init?: { method?: string; body?: unknown; cookie?: string; ip?: string }): Promise<Response>;
  /** Signs in with the test password and returns the session's cookies (throws on failure). */
  signIn(email: string): Promise<string>;
}

/**
 * The configuration of in-process test instances. Email verification is off
 * unless a test turns it on, so a sign-up signs in at once, as tests of other
 * things need; admins are then made with SQL (ADMIN_EMAILS requires it on).
 */
export function testEnv(overrides: EnvSource = {}) {
  return readServerEnv({
    NODE_ENV: "test",
    EMAIL_VERIFICATION: "off",
    BETTER_AUTH_SECRET: TEST_SECRET,
    BETTER_AUTH_URL: TEST_BASE_URL,
    ...overrides,
  });
}

export function createTestAuth(databaseUrl: string, overrides: EnvSource = {}): TestAuth {
  const env = testEnv({ DATABASE_URL: databaseUrl, ...overrides });
  const mail = new RecordingMailer();
  const db = neonDatabase(databaseUrl);
  const log = testSecurityLog(db);
  const auth = createAuth(db, env, { mailer: mail, securityLog: log });
  const prepare = { key: hmacKey(env.secret), cookies: cookieConfig(env) };
  const handle = async (request: Request) => {
    const prepared = await handlerRequest(request, prepare);
    return answerAuthRequest(request, () => auth.handler(prepared));
  };
  return {
    auth,
    mail,
    log,
    handle,
    async signIn(email) {
      const response = await handle(
        new Request(`${TEST_BASE_URL}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { origin: TEST_BASE_URL, "content-type": "application/json", "x-forwarded-for": "10.0.0.1" },
          body: JSON.stringify({ email, password: TEST_PASSWORD }),
        }),
      );
      if (response.status !== 200)
        throw new Error(`sign-in of ${email} answered ${response.status}: ${await response.text()}`);
      return cookiesFrom(response);
    },
    request(path, init = {}) {
      const headers = new Headers({ origin: TEST_BASE_URL, "x-forwarded-for": init.ip ?? "10.0.0.1" });
      if (init.body !== undefined) headers.set("content-type", "application/json");
      if (init.cookie) headers.set("cookie", init.cookie);
      const request = new Request(`${TEST_BASE_URL}/api/auth${path}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      return handle(request);
    },
  };
}

/** `name=value; …` for the cookies a response sets (what a browser would send next). */
export function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
}
