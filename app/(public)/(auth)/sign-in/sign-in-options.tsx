"use client";

import { useState } from "react";
import { OrDivider } from "../or-divider";
import { turnstileSiteKeyOf, useSignInMethods } from "../use-sign-in-methods";
import { CallbackError, MagicLinkForm, PasskeyButton, ProviderButtons } from "./other-methods";
import { SignInForm } from "./sign-in-form";

/**
 * Every configured way in, on one prerendered page: until the configuration
 * has been read, the page shows what most deployments offer (password and
 * passkey), so it is usable at once.
 */
export function SignInOptions() {
  const loaded = useSignInMethods();
  const methods = loaded && loaded !== "unavailable" ? loaded : null;
  const password = methods?.password ?? true;
  const turnstileSiteKey = turnstileSiteKeyOf(loaded);
  const [linkInstead, setLinkInstead] = useState(false);
  return (
    <div className="space-y-5">
      <CallbackError />
      <div className="space-y-2">
        <PasskeyButton />
        {methods && methods.providers.length > 0 && <ProviderButtons providers={methods.providers} />}
      </div>
      <OrDivider />
      {password && !linkInstead ? (
        <SignInForm turnstileSiteKey={turnstileSiteKey} />
      ) : methods?.magicLink ? (
        <MagicLinkForm turnstileSiteKey={turnstileSiteKey} />
      ) : null}
      {password && methods?.magicLink && (
        <p className="text-center text-sm">
          <button
            type="button"
            className="font-medium text-brand-600 hover:underline"
            onClick={() => setLinkInstead(!linkInstead)}
          >
            {linkInstead ? "Sign in with your password instead" : "Email me a sign-in link instead"}
          </button>
        </p>
      )}
    </div>
  );
}
