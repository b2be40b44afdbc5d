"use client";

import Link from "next/link";
import { useState } from "react";
import { FormAlert, FormField, FormNotice, SubmitButton } from "@/app/components/form-field";
import { authClient } from "@/lib/browser/auth-client";
import { PASSWORD_RULE, validateNewPassword } from "@/lib/shared/auth/validation";
import { useAuthForm } from "../use-auth-form";
import { useLinkToken } from "../use-link-token";

const ASK_AGAIN = (
  <Link href="/forgot-password" className="font-medium underline">
    Ask for a new link
  </Link>
);

export function ResetPasswordForm() {
  const token = useLinkToken();
  const [done, setDone] = useState(false);
  const [linkProblem, setLinkProblem] = useState<string>();
  const { errors, formError, pending, onSubmit } = useAuthForm({
    read(data) {
      const values = {
        newPassword: String(data.get("newPassword") ?? ""),
        confirm: String(data.get("confirmPassword") ?? ""),
      };
      const confirmPassword = values.confirm !== values.newPassword ? "The two passwords are not the same." : undefined;
      return { values, errors: { newPassword: validateNewPassword(values.newPassword), confirmPassword } };
    },
    submit: (values) => authClient.resetPassword({ newPassword: values.newPassword, token: token ?? "" }),
    onSuccess() {
      setDone(true);
    },
    newPasswordField: "newPassword",
    onFailure(failure) {
      if (failure.code !== "INVALID_TOKEN") return false;
      setLinkProblem("This link is invalid, has expired or has already been used: links work once, for one hour.");
      return true;
    },
  });

  if (done) {
    return (
      <FormNotice>
        Your password is changed, and every device that was signed in has been signed out.{" "}
        <Link href="/sign-in" className="font-medium underline">
          Sign in with your new password
        </Link>
      </FormNotice>
    );
  }
  if (token === null || linkProblem) {
    return (
      <div
        role="alert"
        className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700"
        data-form-error
      >
        {linkProblem ?? "This page needs the link from the email we sent you."} {ASK_AGAIN}.
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Choose a new password">
      <FormAlert message={formError} />
      <FormField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint={PASSWORD_RULE}
        error={errors.newPassword}
      />
      <FormField
        name="confirmPassword"
        label="New password, again"
        type="password"
        autoComplete="new-password"
        required
        error={errors.confirmPassword}
      />
      <SubmitButton
        pending={pending || token === undefined}
        pendingLabel={pending ? "Saving…" : "Save the new password"}
      >
        Save the new password
      </SubmitButton>
    </form>
  );
}
