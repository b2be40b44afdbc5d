"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert, FormField, SubmitButton } from "@/app/components/form-field";
import { TurnstileWidget } from "@/app/components/turnstile/turnstile-widget";
import { CHECKING_LABEL, type SiteKey, useTurnstile } from "@/app/components/turnstile/use-turnstile";
import { authClient } from "@/lib/browser/auth-client";
import { PASSWORD_RULE, validateEmail, validateName, validateNewPassword } from "@/lib/shared/auth/validation";
import { CheckInbox } from "../check-inbox";
import { useAuthForm } from "../use-auth-form";
import { useCallbackTarget } from "../use-callback-target";

export function SignUpForm({ turnstileSiteKey }: { turnstileSiteKey: SiteKey }) {
  const router = useRouter();
  const target = useCallbackTarget();
  const turnstile = useTurnstile(turnstileSiteKey, "sign-up");
  const [sentTo, setSentTo] = useState<string>();
  const { errors, formError, pending, onSubmit } = useAuthForm({
    read(data) {
      const values = {
        name: String(data.get("name") ?? "").trim(),
        email: String(data.get("email") ?? "").trim(),
        password: String(data.get("password") ?? ""),
      };
      return {
        values,
        errors: {
          name: validateName(values.name),
          email: validateEmail(values.email),
          password: validateNewPassword(values.password),
        },
      };
    },
    submit: (values) =>
      turnstile.protect((fetchOptions) => authClient.signUp.email({ ...values, callbackURL: target, fetchOptions })),
    onSuccess(result, values) {
      // With email verification on, nobody is signed in until the link is used.
      if (result?.token) {
        router.replace(target);
        router.refresh();
      } else {
        setSentTo(values.email);
      }
    },
  });

  if (sentTo) {
    return <CheckInbox email={sentTo} intro="Your account is almost ready." turnstileSiteKey={turnstileSiteKey} />;
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Create account">
      <FormAlert message={formError} />
      <FormField name="name" label="Name" autoComplete="name" required error={errors.name} />
      <FormField name="email" label="Email" type="email" autoComplete="email" required error={errors.email} />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint={PASSWORD_RULE}
        error={errors.password}
      />
      <TurnstileWidget turnstile={turnstile} />
      <SubmitButton pending={pending} pendingLabel={turnstile.checking ? CHECKING_LABEL : "Creating account…"}>
        Create account
      </SubmitButton>
    </form>
  );
}
