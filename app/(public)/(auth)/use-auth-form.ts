"use client";

import { type FormEvent, useState } from "react";
import { type AuthFailure, type AuthField, describeAuthError, onNewPasswordField } from "@/app/components/auth-errors";
import type { FieldErrors } from "@/lib/shared/auth/validation";

interface AuthFormOptions<V, R> {
  /** Reads and checks the fields; submission stops if any error is returned. */
  read(data: FormData): { values: V; errors: FieldErrors<AuthField> };
  submit(values: V): Promise<{ data?: R | null; error: AuthFailure | null }>;
  onSuccess(result: R | null | undefined, values: V): void | Promise<void>;
  /** A failure the form explains in its own way; return true when handled. */
  onFailure?(failure: AuthFailure, values: V): boolean;
  /** The field a refused new password is shown on, when it is not "password" (onNewPasswordField). */
  newPasswordField?: AuthField;
}

/**
 * The shared behaviour of the public auth forms: client validation (the same
 * rules the server applies), a pending state, Better Auth errors placed on
 * their field or above the form, and what was typed kept on failure.
 */
export function useAuthForm<V, R>({ read, submit, onSuccess, onFailure, newPasswordField }: AuthFormOptions<V, R>) {
  const [errors, setErrors] = useState<FieldErrors<AuthField>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { values, errors: found } = read(new FormData(event.currentTarget));
    setFormError(undefined);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;

    setPending(true);
    let result: Awaited<ReturnType<typeof submit>>;
    try {
      result = await submit(values);
    } catch {
      result = { error: { status: 0 } };
    }
    const failure = result.error;
    if (failure && !onFailure?.(failure, values)) {
      const described = describeAuthError(failure);
      const { field } = newPasswordField ? onNewPasswordField(described, newPasswordField) : described;
      if (field) setErrors({ [field]: described.message });
      else setFormError(described.message);
    }
    if (!failure) await onSuccess(result.data, values);
    setPending(false);
  }

  return { errors, formError, pending, onSubmit };
}
