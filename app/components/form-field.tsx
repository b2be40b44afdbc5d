"use client";

import { type InputHTMLAttributes, type ReactNode, useId } from "react";
import { useHydrated } from "./use-hydrated";

interface FormFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
}

/**
 * A labelled input whose error is announced to assistive technology and tied to the field. Its id is
 * unique on the page (useId), since several forms may have a field of the same name: the security
 * page asks for "Your password" in two of them, and a shared id tied both labels to the first input.
 */
export function FormField({ name, label, error, hint, ...input }: FormFieldProps) {
  const id = `field-${name}-${useId()}`;
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className={`block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm transition focus-visible:outline-offset-0 ${
          error ? "border-red-400 focus-visible:outline-red-600" : "border-slate-300"
        }`}
        {...input}
      />
      {hint && !error && (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-600" data-field-error={name}>
          {error}
        </p>
      )}
    </div>
  );
}

/** "Your password", asked again to confirm an action (two-factor, deleting the account, re-authentication). */
export function OwnPasswordField({ error }: { error?: string }) {
  return (
    <FormField
      name="password"
      label="Your password"
      type="password"
      autoComplete="current-password"
      required
      error={error}
    />
  );
}

export function FormAlert({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <div
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700"
      data-form-error
    >
      {message}
    </div>
  );
}

export function SubmitButton({
  pending,
  children,
  pendingLabel,
}: {
  pending: boolean;
  children: string;
  pendingLabel: string;
}) {
  const hydrated = useHydrated();
  return (
    <button
      type="submit"
      disabled={pending || !hydrated}
      aria-busy={pending}
      className="inline-flex w-full items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-60"
    >
      {pending ? pendingLabel : children}
    </button>
  );
}

/** A success or information message for a whole form, announced politely. */
export function FormNotice({ children }: { children: ReactNode }) {
  return (
    <div
      role="status"
      className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
      data-form-notice
    >
      {children}
    </div>
  );
}
