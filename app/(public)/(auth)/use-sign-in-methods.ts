"use client";

import { useEffect, useState } from "react";
import type { SiteKey } from "@/app/components/turnstile/use-turnstile";
import { SIGN_IN_METHODS_PATH, type SignInMethods } from "@/lib/shared/auth/sign-in-methods";

/** The deployment's sign-in methods; null while loading, "unavailable" when they could not be read. */
export function useSignInMethods(): SignInMethods | null | "unavailable" {
  const [methods, setMethods] = useState<SignInMethods | null | "unavailable">(null);
  useEffect(() => {
    fetch(SIGN_IN_METHODS_PATH)
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((found: SignInMethods) => setMethods(found))
      .catch(() => setMethods("unavailable"));
  }, []);
  return methods;
}

/** Turnstile's site key from what useSignInMethods gave: undefined while loading, null when off or unreadable. */
export function turnstileSiteKeyOf(loaded: SignInMethods | null | "unavailable"): SiteKey {
  if (loaded === null) return undefined;
  return loaded === "unavailable" ? null : loaded.turnstileSiteKey;
}
