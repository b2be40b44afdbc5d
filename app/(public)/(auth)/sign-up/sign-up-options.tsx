"use client";

import { OrDivider } from "../or-divider";
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
      {methods && methods.providers.length > 0 && <OrDivider />}
      {password ? (
        <SignUpForm turnstileSiteKey={turnstileSiteKey} />
      ) : methods?.magicLink ? (
        <MagicLinkForm turnstileSiteKey={turnstileSiteKey} />
      ) : null}
    </div>
  );
}
