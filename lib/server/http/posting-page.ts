/**
 * The page a server action was posted from, so that a visitor sent to sign
 * in comes back to it: the Referer's path and query when it is this app's own
 * origin (browsers send the full same-origin Referer under the app's
 * strict-origin-when-cross-origin policy), else `fallback`.
 */
import { headers } from "next/headers";
import { serverEnv } from "@/lib/server/env";
import { DEFAULT_AFTER_SIGN_IN, safeCallbackPath } from "@/lib/shared/auth/redirects";

export async function postingPage(fallback = DEFAULT_AFTER_SIGN_IN): Promise<string> {
  const referer = (await headers()).get("referer");
  if (!referer || !URL.canParse(referer)) return fallback;
  const url = new URL(referer);
  if (url.origin !== serverEnv().baseURL) return fallback;
  return safeCallbackPath(url.pathname + url.search);
}
