import { getDatabase } from "@/lib/server/db/instance";
import { serverEnv } from "@/lib/server/env";
import { runHousekeeping } from "@/lib/server/housekeeping";
import { privateJson } from "@/lib/server/http/private-json";
import { hmacKey, hmacMatches, hmacOf } from "@/lib/shared/hmac";

/**
 * The scheduled clean-up (lib/server/housekeeping.ts), for whatever scheduler
 * the platform has: Vercel Cron calls it with `Authorization: Bearer
 * $CRON_SECRET` (vercel.json), the Worker's Cron Trigger through its own
 * fetch handler (worker.ts), anything else with curl. Public in the gate's
 * route table; the secret is the check, compared in constant time.
 */
export async function GET(request: Request): Promise<Response> {
  const env = serverEnv();
  const secret = env.operations.cronSecret;
  if (!secret) return privateJson({ error: "not_configured", message: "Set CRON_SECRET to enable this job." }, 404);
  const key = hmacKey(env.secret);
  const given = request.headers.get("authorization") ?? "";
  if (!hmacMatches(key, hmacOf(key, `Bearer ${secret}`), given)) return privateJson({ error: "unauthorized" }, 401);
  const result = await runHousekeeping(await getDatabase(), env.operations.securityLogRetentionDays);
  // A kind that failed makes the run fail (the scheduler's own alerting sees it); the others ran anyway.
  const failed = Object.keys(result.failed).length > 0;
  (failed ? console.error : console.log)(`[housekeeping] ${JSON.stringify(result)}`);
  return privateJson(result, failed ? 500 : 200);
}
