/**
 * The app's real Better Auth instance (createAuth) on a real database,
 * driven through its HTTP handler exactly as the route handler does.
 */
import { createAuth, type Auth } from "@/lib/auth/create-auth";
import { readServerEnv, type EnvSource } from "@/lib/config/env";
import { connectNeon } from "@/lib/db/neon";
import type { DatabaseHandle } from "@/lib/db/types";
import { TEST_SECRET } from "./app-server";

export const TEST_BASE_URL = "http://localhost:3000";

export interface TestAuth {
  auth: Auth;
  handle: DatabaseHandle;
  request(path: string, init?: { method?: string; body?: unknown; cookie?: string; ip?: string }): Promise<Response>;
  close(): Promise<void>;
}

export function testEnv(overrides: EnvSource = {}) {
  return readServerEnv({ NODE_ENV: "test", BETTER_AUTH_SECRET: TEST_SECRET, BETTER_AUTH_URL: TEST_BASE_URL, ...overrides });
}

export function createTestAuth(databaseUrl: string, overrides: EnvSource = {}): TestAuth {
  const handle = connectNeon(databaseUrl);
  const auth = createAuth(handle.db, testEnv({ DATABASE_URL: databaseUrl, ...overrides }));
  return {
    auth,
    handle,
    request(path, init = {}) {
      const headers = new Headers({ origin: TEST_BASE_URL, "x-forwarded-for": init.ip ?? "10.0.0.1" });
      if (init.body !== undefined) headers.set("content-type", "application/json");
      if (init.cookie) headers.set("cookie", init.cookie);
      return auth.handler(
        new Request(`${TEST_BASE_URL}/api/auth${path}`, {
          method: init.method ?? (init.body === undefined ? "GET" : "POST"),
          headers,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        }),
      );
    },
    close: () => handle.close(),
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
