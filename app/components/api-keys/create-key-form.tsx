"use client";

import { FormAlert, FormField, SubmitButton } from "@/app/components/form-field";
import { ReauthPrompt } from "@/app/components/reauth-prompt";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import {
  API_KEY_EXPIRY_DAYS,
  type ApiKeyAccess,
  accessOf,
  type KeyOwner,
  keyKindsOf,
  ORGANIZATION_FIELD,
} from "@/lib/shared/auth/api-key-access";
import type { CreateKeyState } from "./actions";
import { NewKeyPanel } from "./new-key-panel";

const INITIAL: CreateKeyState = {};
const SELECT = "block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

/** What a key of this access may do, for its owner. */
const WHAT_IT_MAY: Record<KeyOwner, Record<ApiKeyAccess, string>> = {
  user: {
    "Read only": "GET requests only: read your data.",
    "Read and write": "Also POST, PATCH and DELETE: change your data.",
  },
  organization: {
    "Read only": "GET requests only: read the organization's data.",
    "Read and write": "Also POST, PATCH and DELETE: change the organization's data.",
  },
};

/** Whose key the form makes: the account's, or the organization with this slug. */
export type FormOwner = { kind: "user" } | { kind: "organization"; slug: string };

/** Once a key is made the form empties for the next; after an error it keeps what was typed. */
const clearWhenCreated = (state: CreateKeyState) => Boolean(state.created);

/**
 * Creating a key needs a recent proof of identity (a key works without the
 * password), asked in place, after which the same form is sent again.
 */
export function CreateKeyForm({
  origin,
  nameMaxLength,
  owner,
  action,
}: {
  origin: string;
  nameMaxLength: number;
  owner: FormOwner;
  action: FormAction<CreateKeyState>;
}) {
  const { state, pending, form } = useServerForm<CreateKeyState>(action, INITIAL, clearWhenCreated);
  return (
    <div className="space-y-4">
      {state.created && <NewKeyPanel created={state.created} origin={origin} />}
      <form {...form} noValidate className="space-y-4" aria-label="Create an API key">
        <FormAlert message={state.formError} />
        {owner.kind === "organization" && <input type="hidden" name={ORGANIZATION_FIELD} value={owner.slug} />}
        <FormField
          name="name"
          label="Name"
          hint={`What will use it, like “Nightly export”. At most ${nameMaxLength} characters.`}
          maxLength={nameMaxLength}
          autoComplete="off"
          required
          error={state.error}
        />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Access</legend>
          {keyKindsOf(owner.kind).map((kind, i) => (
            <label key={kind} className="flex items-start gap-2 text-sm">
              <input type="radio" name="access" value={kind} defaultChecked={i === 0} className="mt-1" />
              <span>
                <span className="font-medium">{accessOf(kind)}</span>
                <span className="text-slate-500"> · {WHAT_IT_MAY[owner.kind][accessOf(kind)]}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="space-y-1.5">
          <label htmlFor="api-key-expiry" className="block text-sm font-medium text-slate-700">
            Expires
          </label>
          <select id="api-key-expiry" name="expiry" defaultValue="90" className={SELECT}>
            <option value="never">Never</option>
            {API_KEY_EXPIRY_DAYS.map((days) => (
              <option key={days} value={days}>
                In {days} days
              </option>
            ))}
          </select>
        </div>
        <div className="w-40">
          <SubmitButton pending={pending} pendingLabel="Creating…">
            Create key
          </SubmitButton>
        </div>
      </form>
      {/* Outside the form: the prompt is a form of its own. */}
      <ReauthPrompt needed={state.reauth && state} onConfirmed={() => form.ref.current?.requestSubmit()} />
    </div>
  );
}
