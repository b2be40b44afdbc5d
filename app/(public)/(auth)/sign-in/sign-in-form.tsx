"use client";

import { useAuthForm } from "@/app/(public)/(auth)/use-auth-form";
import { FormAlert, FormField, SubmitButton } from "@/app/components/form-field";
import { authClient } from "@/lib/browser/auth-client";
import { validateEmail, validatePresentPassword } from "@/lib/shared/auth/validation";

export function SignInForm() {
  const { errors, formError, pending, onSubmit } = useAuthForm({
    read(data) {
      const values = { email: String(data.get("email") ?? "").trim(), password: String(data.get("password") ?? "") };
      return {
        values,
        errors: { email: validateEmail(values.email), password: validatePresentPassword(values.password) },
      };
    },
    submit: (values) => authClient.signIn.email(values),
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Sign in">
      <FormAlert message={formError} />
      <FormField name="email" label="Email" type="email" autoComplete="email" required error={errors.email} />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.password}
      />
      <SubmitButton pending={pending} pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
