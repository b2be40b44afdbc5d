import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/redirects";
import { getSession } from "@/lib/auth/server";

type SearchParams = Promise<{ callbackUrl?: string | string[] }>;

/**
 * The sanitized post-sign-in target for a guest page. A visitor who is
 * already signed in is sent straight there (the gate does the same first).
 */
export async function guestTarget(searchParams: SearchParams): Promise<string> {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackPath(Array.isArray(callbackUrl) ? callbackUrl[0] : callbackUrl);
  if (await getSession()) redirect(target);
  return target;
}
