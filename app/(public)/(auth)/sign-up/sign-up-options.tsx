"use client";

import { MagicLinkForm, ProviderButtons } from "../sign-in/other-methods";
import { turnstileSiteKeyOf, useSignInMethods } from "../use-sign-in-methods";
import { SignUpForm } from "./sign-up-form";

/** New accounts come from a password, an email link (which creates the account) or a provider. */
export function SignUpOptions() {
  const loaded = useSignInMethods();
  const methods = loaded && loaded !== "unavailable" ? loaded : null;
  const password = methods?.password ?? true;
  const turnstileSiteKey = turnstileSiteKeyOf(loaded);
  return (
    <div className="space-y-5">
      {methods && methods.providers.length > 0 && <ProviderButtons providers={methods.providers} />}
      {methods && methods.providers.length > 0 && (
        <div className="flex items-center gap-3 text-xs uppercase tracking-wide text-slate-400">
          <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
        </div>
      )}
      {password ? (
        <SignUpForm turnstileSiteKey={turnstileSiteKey} />
      ) : methods?.magicLink ? (
        <MagicLinkForm turnstileSiteKey={turnstileSiteKey} />
      ) : null}
    </div>
  );
}
