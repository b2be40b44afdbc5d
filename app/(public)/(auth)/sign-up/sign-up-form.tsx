"use client";

import { useAuthForm } from "@/app/(public)/(auth)/use-auth-form";
import { FormAlert, FormField, SubmitButton } from "@/app/components/form-field";
import { authClient } from "@/lib/browser/auth-client";
import { PASSWORD_MIN_LENGTH, validateEmail, validateName, validateNewPassword } from "@/lib/shared/auth/validation";

export function SignUpForm() {
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
    submit: (values) => authClient.signUp.email(values),
  });

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
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors.password}
      />
      <SubmitButton pending={pending} pendingLabel="Creating account…">
        Create account
      </SubmitButton>
    </form>
  );
}
