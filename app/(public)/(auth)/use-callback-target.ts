"use client";

import { useEffect, useState } from "react";
import { DEFAULT_AFTER_SIGN_IN, safeCallbackPath } from "@/lib/shared/auth/redirects";

/**
 * Where to go after signing in: the page address's sanitized callbackUrl,
 * read in the browser because the sign-in and sign-up pages are prerendered
 * (one HTML for every callbackUrl). A signed-in visitor never sees these
 * pages: the gate sends them on first.
 */
export function useCallbackTarget(): string {
  const [target, setTarget] = useState(DEFAULT_AFTER_SIGN_IN);
  useEffect(() => setTarget(safeCallbackPath(new URLSearchParams(window.location.search).get("callbackUrl"))), []);
  return target;
}
