/**
 * The auth route's answer when the database is unavailable or Better Auth's
 * handler fails: a database that hangs, is down or is restarting gets a 503
 * with Retry-After, so clients wait and retry, whether the failure reached us
 * as an error (config.ts sets onAPIError.throw) or as Better Auth's own 500
 * (it wraps some, e.g. get-session's). A change the database refused because
 * an organization would lose its last owner (the trigger of drizzle/0008, for
 * requests that raced past the endpoint's own check) is a 409 that says so;
 * anything else is a bug: logged, 500.
 */
import { isDatabaseUnavailable, watchDatabase } from "@/lib/server/db/deadline";
import { describeError, sqlState } from "@/lib/server/db/errors";
import { RETRY_AFTER_SECONDS, UNAVAILABLE_BODY } from "@/lib/shared/unavailable";

const NOT_STORED = { "cache-control": "no-store" };

/** The SQLSTATE the owner trigger raises (drizzle/0008_organization-policy.sql). */
export const ORGANIZATION_OWNER_SQLSTATE = "EG001";

function unavailableResponse(request: Request, why: string): Response {
  console.error(`[auth] 503 for ${request.method} ${new URL(request.url).pathname}: ${why}`);
  return Response.json(
    { ...UNAVAILABLE_BODY, code: "SERVICE_UNAVAILABLE" },
    { status: 503, headers: { ...NOT_STORED, "retry-after": String(RETRY_AFTER_SECONDS) } },
  );
}

/** Runs Better Auth's handler for `request`, answering for the failures it does not answer well itself. */
export async function answerAuthRequest(request: Request, handle: () => Promise<Response>): Promise<Response> {
  const { result, unavailable } = await watchDatabase(() =>
    handle().then(
      (response) => ({ response }),
      (error: unknown) => ({ error }),
    ),
  );
  if ("error" in result) {
    if (unavailable || isDatabaseUnavailable(result.error))
      return unavailableResponse(request, describeError(result.error));
    if (sqlState(result.error) === ORGANIZATION_OWNER_SQLSTATE)
      return Response.json(
        {
          code: "ORGANIZATION_NEEDS_AN_OWNER",
          message: "An organization must keep an owner: make someone else an owner first",
        },
        { status: 409, headers: NOT_STORED },
      );
    // Named, never printed whole: a failed query's message quotes its parameters (lib/server/db/errors.ts).
    console.error(`[auth] 500 for ${request.method} ${new URL(request.url).pathname}: ${describeError(result.error)}`);
    return Response.json({ error: "internal", code: "INTERNAL_SERVER_ERROR" }, { status: 500, headers: NOT_STORED });
  }
  if (unavailable && result.response.status >= 500) return unavailableResponse(request, "the database did not answer");
  return result.response;
}
