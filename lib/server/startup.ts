/**
 * Start-up of a Node server instance (`next dev`, `next start`; not Workers):
 * - validates the environment, so a misconfigured deploy stops here with a
 *   message naming each variable instead of failing on the first request;
 * - opens the embedded database when there is no DATABASE_URL, so migrations
 *   run before the first page and a second process on the same folder is
 *   refused at start-up;
 * - reads the OpenID Connect issuer's discovery document, stopping on a wrong
 *   OIDC_ISSUER and logging one that does not answer (auth/oidc-discovery.ts);
 * - keeps the gate's `Vary: Cookie` on pages (see http/merge-vary.ts).
 */

import { checkConfiguredIssuer } from "@/lib/server/auth/oidc-discovery";
import { openDatabase } from "@/lib/server/db";
import { mergeVaryHeaders } from "@/lib/server/http/merge-vary";
import { readServerEnv } from "@/lib/shared/env";
import { isWorkerd } from "@/lib/shared/platform";

export async function startServer(): Promise<void> {
  // In an OpenNext Worker, register() runs inside the first request of each
  // isolate, not at process start. process.exit() there cancels that request
  // and leaves the isolate failing every later one with an unrelated error
  // (a promise owned by the cancelled request). Workers validate per request
  // instead: serverEnv() throws a ConfigError naming each bad variable.
  if (isWorkerd()) return;
  mergeVaryHeaders();
  try {
    const env = readServerEnv(process.env);
    if (!env.databaseUrl) await openDatabase(env);
    await checkConfiguredIssuer(env, (message) => console.error(`\n${message}\n`));
  } catch (error) {
    console.error(`\n${(error as Error).message}\n`);
    process.exit(1);
  }
}
