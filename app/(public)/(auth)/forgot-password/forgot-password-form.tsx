"use client";

import { useState } from "react";
import { FormAlert, FormField, FormNotice, SubmitButton } from "@/app/components/form-field";
import { TurnstileWidget } from "@/app/components/turnstile/turnstile-widget";
import { CHECKING_LABEL, useTurnstile } from "@/app/components/turnstile/use-turnstile";
import { authClient } from "@/lib/browser/auth-client";
import { validateEmail } from "@/lib/shared/auth/validation";
import { useAuthForm } from "../use-auth-form";
import { turnstileSiteKeyOf, useSignInMethods } from "../use-sign-in-methods";

/**
 * Always the same answer, whether or not an account exists: the page cannot
 * be used to find out who has one. (Better Auth answers alike, and the message
 * itself is sent after the response.)
 */
export function ForgotPasswordForm() {
  const turnstile = useTurnstile(turnstileSiteKeyOf(useSignInMethods()), "forgot-password");
  const [sentTo, setSentTo] = useState<string>();
  const { errors, formError, pending, onSubmit } = useAuthForm({
    read(data) {
      const values = { email: String(data.get("email") ?? "").trim() };
      return { values, errors: { email: validateEmail(values.email) } };
    },
    submit: (values) =>
      turnstile.protect((fetchOptions) => authClient.requestPasswordReset({ email: values.email, fetchOptions })),
    onSuccess(_result, values) {
      setSentTo(values.email);
    },
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Forgot password">
      <FormAlert message={formError} />
      {sentTo && (
        <FormNotice>
          If an account exists for <strong>{sentTo}</strong>, we have sent it a link to choose a new password. It works
          once, for one hour. Nothing arrived? Check your spam folder, or send it again in a minute.
        </FormNotice>
      )}
      <FormField name="email" label="Email" type="email" autoComplete="email" required error={errors.email} />
      <TurnstileWidget turnstile={turnstile} />
      <SubmitButton pending={pending} pendingLabel={turnstile.checking ? CHECKING_LABEL : "Sending…"}>
        {sentTo ? "Send the link again" : "Send me a link"}
      </SubmitButton>
    </form>
  );
}
