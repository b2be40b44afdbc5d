"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert, FormField, SubmitButton } from "@/app/components/form-field";
import { TurnstileWidget } from "@/app/components/turnstile/turnstile-widget";
import { CHECKING_LABEL, type SiteKey, useTurnstile } from "@/app/components/turnstile/use-turnstile";
import { authClient } from "@/lib/browser/auth-client";
import { validateEmail, validatePresentPassword } from "@/lib/shared/auth/validation";
import { CheckInbox } from "../check-inbox";
import { useAuthForm } from "../use-auth-form";
import { useCallbackTarget } from "../use-callback-target";
import { usePasskeyAutofill } from "./other-methods";

/** Passkeys (autofill here, the button beside) need no Turnstile token: only the password does. */
export function SignInForm({ turnstileSiteKey }: { turnstileSiteKey: SiteKey }) {
  const router = useRouter();
  const offerPasskeys = usePasskeyAutofill();
  const turnstile = useTurnstile(turnstileSiteKey, "sign-in");
  const target = useCallbackTarget();
  const [unverified, setUnverified] = useState<string>();
  const { errors, formError, pending, onSubmit } = useAuthForm({
    read(data) {
      const values = { email: String(data.get("email") ?? "").trim(), password: String(data.get("password") ?? "") };
      return {
        values,
        errors: { email: validateEmail(values.email), password: validatePresentPassword(values.password) },
      };
    },
    // No callbackURL: Better Auth's client would then leave the page with a full reload; the router goes there instead.
    submit: (values) => turnstile.protect((fetchOptions) => authClient.signIn.email({ ...values, fetchOptions })),
    onSuccess() {
      router.replace(target);
      router.refresh();
    },
    onFailure(failure, values) {
      // The password was right; Better Auth has just sent a fresh link.
      if (failure.code !== "EMAIL_NOT_VERIFIED") return false;
      setUnverified(values.email);
      return true;
    },
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Sign in">
      <FormAlert message={formError} />
      {unverified && (
        <CheckInbox
          email={unverified}
          intro="Confirm your email address before you sign in."
          turnstileSiteKey={turnstileSiteKey}
        />
      )}
      {/* "webauthn": the browser may offer saved passkeys right in this field (conditional UI). */}
      <FormField
        name="email"
        label="Email"
        type="email"
        autoComplete="username webauthn"
        onFocus={offerPasskeys}
        required
        error={errors.email}
      />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.password}
      />
      <p className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
          Forgot password?
        </Link>
      </p>
      <TurnstileWidget turnstile={turnstile} />
      <SubmitButton pending={pending} pendingLabel={turnstile.checking ? CHECKING_LABEL : "Signing in…"}>
        Sign in
      </SubmitButton>
    </form>
  );
}
