"use client";

import { useRef, useState } from "react";
import { describeAuthError } from "@/app/components/auth-errors";
import { Card, formatDateTime } from "@/app/components/card";
import { FormAlert, FormField, FormNotice, SubmitButton } from "@/app/components/form-field";
import { ReauthPrompt } from "@/app/components/reauth-prompt";
import { authClient } from "@/lib/browser/auth-client";

/**
 * Passkeys: add one (the browser asks the device to create it, after a recent
 * proof of identity: the prompt asks for one in place and then adds), see
 * them, remove them.
 */
export function PasskeysCard() {
  const { data: passkeys, isPending, refetch } = authClient.useListPasskeys();
  const [state, setState] = useState<{ pending?: boolean; error?: string; notice?: string; reauth?: object }>({});
  const addForm = useRef<HTMLFormElement>(null);

  async function add(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("passkeyName") ?? "").trim() || "Passkey";
    setState({ pending: true });
    const result = await authClient.passkey.addPasskey({ name }).catch(() => ({ error: { status: 0 } }));
    if (result?.error) {
      const failure = describeAuthError(result.error);
      return setState(failure.reauth ? { reauth: {} } : { error: failure.message });
    }
    form.reset();
    setState({ notice: `Added "${name}". You can now sign in with it.` });
    refetch();
  }

  async function remove(id: string, name: string) {
    const { error } = await authClient.passkey.deletePasskey({ id }).catch(() => ({ error: { status: 0 } }));
    setState(error ? { error: describeAuthError(error).message } : { notice: `Removed "${name}".` });
    refetch();
  }

  return (
    <Card title="Passkeys" description="Sign in with your fingerprint, face or device PIN instead of a password.">
      <div className="space-y-4">
        <FormAlert message={state.error} />
        {state.notice && <FormNotice>{state.notice}</FormNotice>}
        {isPending ? (
          <p className="text-sm text-slate-500">Loading your passkeys…</p>
        ) : passkeys?.length ? (
          <ul className="divide-y divide-slate-100" data-testid="passkeys">
            {passkeys.map((passkey) => (
              <li key={passkey.id} className="flex items-center justify-between gap-4 py-2 text-sm">
                <span>
                  <span className="font-medium">{passkey.name || "Passkey"}</span>
                  <span className="text-slate-500">
                    {" "}
                    · added {formatDateTime(passkey.createdAt)}
                    {passkey.backedUp ? " · synced" : ""}
                  </span>
                </span>
                <button
                  type="button"
                  className="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium hover:bg-slate-100"
                  onClick={() => remove(passkey.id, passkey.name || "Passkey")}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">No passkeys yet.</p>
        )}
        <form ref={addForm} onSubmit={add} className="space-y-3" aria-label="Add a passkey">
          <FormField
            name="passkeyName"
            label="Name for the new passkey"
            placeholder="e.g. Work laptop"
            maxLength={60}
            autoComplete="off"
          />
          <div className="w-48">
            <SubmitButton pending={!!state.pending} pendingLabel="Waiting for your device…">
              Add a passkey
            </SubmitButton>
          </div>
        </form>
        <ReauthPrompt needed={state.reauth} onConfirmed={() => addForm.current?.requestSubmit()} />
      </div>
    </Card>
  );
}
