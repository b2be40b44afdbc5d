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
import { cookieHeader, parseCookieHeader } from "./cookie-tools";
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
  /** Signs up with the test password and returns the cookies it sets (throws on failure). */
  signUp(email: string, name?: string): Promise<string>;
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
    // The tests cannot reach the Pwned Passwords API; the ones about it start the stand-in and switch it on.
    PASSWORD_BREACH_CHECK: "off",
    ...overrides,
  });
}

export function createTestAuth(databaseUrl: string, overrides: EnvSource = {}): TestAuth {
  const env = testEnv({ DATABASE_URL: databaseUrl, ...overrides });
  const mail = new RecordingMailer();
  const db = neonDatabase(databaseUrl);
  const log = testSecurityLog(db);
  // What the app runs after a response (the per-recipient mail limit), done before the test sees the
  // response, so the recording mailer holds every message the request led to.
  const afterResponse: Promise<void>[] = [];
  const schedule = (task: () => Promise<void>) => void afterResponse.push(task());
  const auth = createAuth(db, env, { mailer: mail, securityLog: log, schedule });
  const prepare = { key: hmacKey(env.secret), cookies: cookieConfig(env) };
  const handle = async (request: Request) => {
    const prepared = await handlerRequest(request, prepare);
    if (prepared instanceof Response) return prepared; // refused before Better Auth, as the route does
    const response = await answerAuthRequest(request, () => auth.handler(prepared));
    await Promise.all(afterResponse.splice(0));
    return response;
  };
  const request: TestAuth["request"] = (path, init = {}) => {
    const headers = new Headers({ origin: TEST_BASE_URL, "x-forwarded-for": init.ip ?? "10.0.0.1" });
    if (init.body !== undefined) headers.set("content-type", "application/json");
    if (init.cookie) headers.set("cookie", init.cookie);
    return handle(
      new Request(`${TEST_BASE_URL}/api/auth${path}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      }),
    );
  };
  /** The cookies a successful `path` call sets; throws with the answer otherwise. */
  const cookiesOf = async (path: string, body: Record<string, string>) => {
    const response = await request(path, { body });
    if (response.status !== 200)
      throw new Error(`${path} for ${body.email} answered ${response.status}: ${await response.text()}`);
    return cookiesFrom(response);
  };
  return {
    auth,
    mail,
    log,
    handle,
    request,
    signIn: (email) => cookiesOf("/sign-in/email", { email, password: TEST_PASSWORD }),
    signUp: (email, name = "Person") => cookiesOf("/sign-up/email", { name, email, password: TEST_PASSWORD }),
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

/** The cookies a browser holds after `response`, starting from `cookie`: set ones replace, expired ones go. */
export function withCookies(cookie: string, response: Response): string {
  const jar = parseCookieHeader(cookie);
  for (const line of response.headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(";");
    const eq = pair!.indexOf("=");
    const [name, value] = [pair!.slice(0, eq), pair!.slice(eq + 1)];
    if (value === "" || attributes.some((a) => /max-age=0\b/i.test(a.trim()))) jar.delete(name);
    else jar.set(name, value);
  }
  return cookieHeader(jar);
}
