"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { FieldErrors } from "@/lib/shared/auth/validation";
import { type AuthFailure, type AuthField, describeAuthError } from "./auth-errors";
import { useCallbackTarget } from "./use-callback-target";

interface AuthFormOptions<F extends AuthField, V> {
  /** Reads and checks the fields; submission stops if any error is returned. */
  read(data: FormData): { values: V; errors: FieldErrors<F> };
  submit(values: V): Promise<{ error: AuthFailure | null }>;
}

/**
 * The shared behaviour of the sign-in and sign-up forms: client validation,
 * a pending state, Better Auth errors placed on their field, and a client-side
 * navigation (no full reload) to the sanitized callback on success.
 */
export function useAuthForm<F extends AuthField, V>({ read, submit }: AuthFormOptions<F, V>) {
  const router = useRouter();
  const target = useCallbackTarget();
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
    let failure: AuthFailure | null;
    try {
      failure = (await submit(values)).error;
    } catch {
      failure = { status: 0 };
    }
    if (failure) {
      const described = describeAuthError(failure);
      if (described.field) setErrors({ [described.field]: described.message });
      else setFormError(described.message);
      setPending(false);
      return;
    }
    router.replace(target);
    router.refresh();
  }

  return { errors, formError, pending, onSubmit };
}
