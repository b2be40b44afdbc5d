"use client";

import { useState } from "react";
import { FormAlert, FormNotice, SubmitButton } from "@/app/components/form-field";
import { ReauthPrompt } from "@/app/components/reauth-prompt";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import { BAN_REASON_MAX_LENGTH } from "@/lib/shared/auth/validation";
import type { AdminFormState } from "../../actions";

const INITIAL: AdminFormState = {};
const SELECT = "rounded-md border border-slate-300 px-3 py-2 text-sm";

function Outcome({ state }: { state: AdminFormState }) {
  return (
    <>
      <FormAlert message={state.error} />
      {state.notice && <FormNotice>{state.notice}</FormNotice>}
    </>
  );
}

function Confirm({ children }: { children: string }) {
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <input type="checkbox" name="confirm" className="h-4 w-4" />
      {children}
    </label>
  );
}

export function RoleForm({
  userId,
  role,
  self,
  fromAdminEmails,
  action,
}: {
  userId: string;
  role: string;
  self: boolean;
  fromAdminEmails: boolean;
  action: FormAction<AdminFormState>;
}) {
  const { state, pending, form } = useServerForm(action, INITIAL);
  if (self) return <p className="text-sm text-slate-600">This is you: an admin cannot remove their own admin role.</p>;
  if (fromAdminEmails)
    return (
      <p className="text-sm text-slate-600">
        This admin role comes from <code>ADMIN_EMAILS</code>; remove the address there to take it away.
      </p>
    );
  return (
    <>
      <form {...form} className="space-y-3" aria-label="Change role">
        <Outcome state={state} />
        <input type="hidden" name="userId" value={userId} />
        <div className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <label htmlFor={`role-${userId}`}>Role</label>
          <select
            id={`role-${userId}`}
            name="role"
            defaultValue={role === "admin" ? "admin" : "user"}
            className={SELECT}
          >
            <option value="user">user</option>
            <option value="admin">admin</option>
          </select>
        </div>
        <Confirm>I understand that taking away the admin role ends their access to this console</Confirm>
        <div className="w-40">
          <SubmitButton pending={pending} pendingLabel="Saving…">
            Save role
          </SubmitButton>
        </div>
      </form>
      <ReauthPrompt needed={state.reauth && state} onConfirmed={() => form.ref.current?.requestSubmit()} />
    </>
  );
}

/**
 * Ban and unban in one place, so the outcome of one stays on the page when the
 * other form replaces it (a ban turns the card into "Unban").
 */
export function BanControls({
  userId,
  banned,
  self,
  banAction,
  unbanAction,
}: {
  userId: string;
  banned: boolean;
  self: boolean;
  banAction: FormAction<AdminFormState>;
  unbanAction: FormAction<AdminFormState>;
}) {
  const ban = useServerForm(banAction, INITIAL);
  const unban = useServerForm(unbanAction, INITIAL);
  const [last, setLast] = useState<"ban" | "unban">();
  if (self) return <p className="text-sm text-slate-600">This is you: an admin cannot ban themselves.</p>;
  const current = last === "ban" ? ban : last === "unban" ? unban : null;
  const submitted = (which: "ban" | "unban", form: typeof ban.form) => ({
    ...form,
    onSubmit: (event: React.FormEvent<HTMLFormElement>) => {
      setLast(which);
      form.onSubmit(event);
    },
  });
  return (
    <div className="space-y-3">
      <Outcome state={current?.state ?? INITIAL} />
      {banned ? (
        <form {...submitted("unban", unban.form)} className="space-y-3" aria-label="Unban user">
          <input type="hidden" name="userId" value={userId} />
          <div className="w-40">
            <SubmitButton pending={unban.pending} pendingLabel="Unbanning…">
              Unban
            </SubmitButton>
          </div>
        </form>
      ) : (
        <form {...submitted("ban", ban.form)} className="space-y-3" aria-label="Ban user">
          <input type="hidden" name="userId" value={userId} />
          <label className="block text-sm font-medium text-slate-700">
            Reason (shown in the log, not to them){" "}
            <input
              name="reason"
              autoComplete="off"
              maxLength={BAN_REASON_MAX_LENGTH}
              className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2"
            />
          </label>
          <div className="flex items-center gap-2 text-sm font-medium text-slate-700">
            <label htmlFor={`ban-for-${userId}`}>For</label>
            <select id={`ban-for-${userId}`} name="duration" defaultValue="7" className={SELECT}>
              <option value="1">1 day</option>
              <option value="7">7 days</option>
              <option value="30">30 days</option>
              <option value="permanent">until unbanned</option>
            </select>
          </div>
          <Confirm>I understand that this signs them out everywhere and stops them signing in</Confirm>
          <div className="w-40">
            <SubmitButton pending={ban.pending} pendingLabel="Banning…">
              Ban
            </SubmitButton>
          </div>
        </form>
      )}
      <ReauthPrompt
        needed={current?.state.reauth && current.state}
        onConfirmed={() => current?.form.ref.current?.requestSubmit()}
      />
    </div>
  );
}

export function RevokeSessionsForm({ userId, action }: { userId: string; action: FormAction<AdminFormState> }) {
  const { state, pending, form } = useServerForm(action, INITIAL);
  return (
    <>
      <form {...form} className="space-y-3" aria-label="Revoke all sessions">
        <Outcome state={state} />
        <input type="hidden" name="userId" value={userId} />
        <Confirm>I understand that this signs them out on every device</Confirm>
        <div className="w-56">
          <SubmitButton pending={pending} pendingLabel="Revoking…">
            Revoke all sessions
          </SubmitButton>
        </div>
      </form>
      <ReauthPrompt needed={state.reauth && state} onConfirmed={() => form.ref.current?.requestSubmit()} />
    </>
  );
}
