/**
 * How account and admin actions call Better Auth: as the current user (the
 * session confirmed in the database), sending a visitor whose session is gone
 * to sign in, and turning any other failure into a message for the form (the
 * form keeps what was typed: app/components/use-server-form.ts). Unexpected
 * failures are logged.
 */
import { APIError } from "better-auth/api";
import { type DescribedError, describeAuthError } from "@/app/components/auth-errors";
import type { Auth } from "@/lib/server/auth/config";
import { asCurrentUser, redirectToSignIn } from "@/lib/server/auth/session";
import { describeError } from "@/lib/server/db/errors";

export async function attempt(
  what: string,
  call: (api: Auth["api"], headers: Headers) => Promise<unknown>,
): Promise<DescribedError | null> {
  try {
    await asCurrentUser(call);
    return null;
  } catch (failure) {
    if (failure instanceof APIError) {
      if (failure.statusCode === 401) await redirectToSignIn();
      const body = failure.body as { code?: string; message?: string } | undefined;
      return describeAuthError({ code: body?.code, message: body?.message, status: failure.statusCode });
    }
    console.error(`[actions] ${what} failed: ${describeError(failure)}`);
    return { message: "We could not save this just now. Nothing was changed; try again in a moment." };
  }
}
