"use client";

import { useEffect, useRef, useState } from "react";
import { type AuthField, describeAuthError } from "@/app/components/auth-errors";
import { FormAlert, FormField, FormNotice, OwnPasswordField, SubmitButton } from "@/app/components/form-field";
import {
  type ProofFailure,
  proofMethods,
  proveWithCode,
  proveWithPasskey,
  proveWithPassword,
  sendProofCode,
} from "@/lib/browser/reauthentication";

interface State {
  pending?: "password" | "passkey" | "send" | "code";
  errors?: Partial<Record<AuthField, string>>;
  formError?: string;
  codeSent?: boolean;
}

const SECONDARY =
  "rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60";

/**
 * Asks for a proof of identity in place, when an action answered
 * REAUTH_REQUIRED: the password, or for accounts without one a code by mail,
 * and a passkey when the account has one. Once the proof is taken it calls
 * `onConfirmed`, which retries what the person was doing. `needed` is the
 * answer that asked for it (an action's state): the prompt shows until that
 * answer is proved, and again for the next answer that asks.
 */
export function ReauthPrompt({ needed, onConfirmed }: { needed: unknown; onConfirmed: () => void }) {
  const [provedFor, setProvedFor] = useState<unknown>(null);
  const [methods, setMethods] = useState<{ password: boolean; passkey: boolean } | null>(null);
  const [state, setState] = useState<State>({});
  const open = Boolean(needed) && provedFor !== needed;
  const section = useRef<HTMLElement>(null);

  useEffect(() => {
    if (open && !methods) proofMethods().then(setMethods);
  }, [open, methods]);

  // It appears because of what the person just pressed: take focus there, so a keyboard or screen
  // reader user is at the prompt (which is announced by its label) and not left on the button.
  useEffect(() => {
    if (open && methods) section.current?.querySelector<HTMLElement>("input, button")?.focus();
  }, [open, methods]);

  if (!open) return null;

  /** The state after a failed call: its message on the field it concerns, or for the whole prompt. */
  const failed = (error: ProofFailure): State => {
    const { field, message } = describeAuthError(error);
    return { codeSent: state.codeSent, ...(field ? { errors: { [field]: message } } : { formError: message }) };
  };

  async function prove(pending: NonNullable<State["pending"]>, proof: () => Promise<{ error: ProofFailure | null }>) {
    setState({ codeSent: state.codeSent, pending });
    const { error } = await proof();
    if (error) return setState(failed(error));
    setState({});
    setProvedFor(needed);
    onConfirmed();
  }

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    if (methods?.password) prove("password", () => proveWithPassword(String(data.get("password") ?? "")));
    else prove("code", () => proveWithCode(String(data.get("code") ?? "")));
  };

  /** Sending is not the proof: the prompt stays open for the code. */
  async function sendCode() {
    setState({ codeSent: state.codeSent, pending: "send" });
    const { error } = await sendProofCode();
    setState(error ? failed(error) : { codeSent: true });
  }

  return (
    <section
      ref={section}
      className="mt-4 space-y-3 rounded-md border border-amber-300 bg-amber-50 p-4"
      aria-label="Confirm it's you"
      data-testid="reauth-prompt"
    >
      <p className="text-sm font-medium text-slate-800">For your safety, confirm it's you to continue.</p>
      <FormAlert message={state.formError} />
      {state.codeSent && <FormNotice>We emailed you a code. It works once, for ten minutes.</FormNotice>}
      {!methods ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : (
        <>
          {(methods.password || state.codeSent) && (
            <form onSubmit={submit} noValidate className="space-y-3">
              {methods.password ? (
                <OwnPasswordField error={state.errors?.password} />
              ) : (
                <FormField
                  name="code"
                  label="Code from the email"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  required
                  error={state.errors?.code}
                />
              )}
              <div className="w-40">
                <SubmitButton
                  pending={state.pending === "password" || state.pending === "code"}
                  pendingLabel="Checking…"
                >
                  Confirm
                </SubmitButton>
              </div>
            </form>
          )}
          <div className="flex flex-wrap gap-2">
            {methods.passkey && (
              <button
                type="button"
                className={SECONDARY}
                disabled={Boolean(state.pending)}
                onClick={() => prove("passkey", proveWithPasskey)}
              >
                {state.pending === "passkey" ? "Waiting for your device…" : "Use a passkey"}
              </button>
            )}
            {!methods.password && (
              <button type="button" className={SECONDARY} disabled={Boolean(state.pending)} onClick={sendCode}>
                {state.pending === "send" ? "Sending…" : state.codeSent ? "Email me a new code" : "Email me a code"}
              </button>
            )}
          </div>
          <p className="text-xs text-slate-500">Signing out and in again works too.</p>
        </>
      )}
    </section>
  );
}
