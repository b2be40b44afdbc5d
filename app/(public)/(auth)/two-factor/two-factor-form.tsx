"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert, FormField, SubmitButton } from "@/app/components/form-field";
import { authClient } from "@/lib/browser/auth-client";
import { useAuthForm } from "../use-auth-form";
import { useCallbackTarget } from "../use-callback-target";

/**
 * The second step of a password sign-in on an account with two-factor on.
 * Until a code is accepted there is no session: only Better Auth's short-lived
 * two-factor cookie, which the gate does not take for one.
 */
export function TwoFactorForm() {
  const router = useRouter();
  const target = useCallbackTarget();
  const [backup, setBackup] = useState(false);
  const { errors, formError, pending, onSubmit } = useAuthForm({
    read(data) {
      const values = {
        code: String(data.get("code") ?? "").replace(/\s+/g, ""),
        trust: data.get("trustDevice") === "on",
      };
      const valid = backup ? values.code.length >= 6 : /^\d{6}$/.test(values.code);
      return {
        values,
        errors: {
          code: valid ? undefined : backup ? "Enter one of your backup codes." : "Enter the 6 digits from your app.",
        },
      };
    },
    submit: (values) =>
      backup
        ? authClient.twoFactor.verifyBackupCode({ code: values.code, trustDevice: values.trust })
        : authClient.twoFactor.verifyTotp({ code: values.code, trustDevice: values.trust }),
    onSuccess() {
      router.replace(target);
      router.refresh();
    },
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Two-factor code">
      <FormAlert message={formError} />
      <FormField
        key={backup ? "backup" : "totp"}
        name="code"
        label={backup ? "Backup code" : "6-digit code"}
        inputMode={backup ? "text" : "numeric"}
        autoComplete="one-time-code"
        required
        error={errors.code}
      />
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" name="trustDevice" className="h-4 w-4" />
        Trust this browser for 30 days
      </label>
      <SubmitButton pending={pending} pendingLabel="Checking…">
        Continue
      </SubmitButton>
      <p className="text-center text-sm">
        <button type="button" className="font-medium text-brand-600 hover:underline" onClick={() => setBackup(!backup)}>
          {backup ? "Use the code from my app" : "Use a backup code instead"}
        </button>
      </p>
    </form>
  );
}
