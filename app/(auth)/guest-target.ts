import { redirect } from "next/navigation";
import { peekSession } from "@/lib/server/auth/session";
import { safeCallbackPath } from "@/lib/shared/auth/redirects";

type SearchParams = Promise<{ callbackUrl?: string | string[] }>;

/**
 * The sanitized post-sign-in target for a guest page. A visitor who is
 * already signed in is sent straight there (the gate does the same first);
 * when that cannot be told, the form is shown.
 */
export async function guestTarget(searchParams: SearchParams): Promise<string> {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackPath(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl);
  const session = await peekSession();
  if (session && session !== "unknown") redirect(target);
  return target;
}
