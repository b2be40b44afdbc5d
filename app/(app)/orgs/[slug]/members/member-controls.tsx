"use client";

import { useState } from "react";
import { SubmitButton } from "@/app/components/form-field";
import { ReauthPrompt } from "@/app/components/reauth-prompt";
import { useHydrated } from "@/app/components/use-hydrated";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import type { OrganizationRole } from "@/lib/shared/auth/organization-access";
import { OrganizationKey } from "../action-outcome";
import type { OrganizationActionState } from "../actions";
import { useReportedAction } from "./outcome-board";
import { RoleSelect } from "./role-select";

const INITIAL: OrganizationActionState = {};

/**
 * Changing one member's role and removing them; both need a recent proof of
 * identity, asked in place, after which the same form is sent again. What
 * they did shows on the list's board (./outcome-board.tsx).
 */
export function MemberControls({
  slug,
  memberId,
  name,
  role,
  roles,
  canRemove,
  changeRoleAction,
  removeAction,
}: {
  slug: string;
  memberId: string;
  name: string;
  role: string;
  /** Empty when the caller may not change this member's role. */
  roles: OrganizationRole[];
  canRemove: boolean;
  changeRoleAction: FormAction<OrganizationActionState>;
  removeAction: FormAction<OrganizationActionState>;
}) {
  const change = useServerForm(useReportedAction(changeRoleAction), INITIAL);
  const remove = useServerForm(useReportedAction(removeAction), INITIAL);
  const [last, setLast] = useState<"change" | "remove">();
  const hydrated = useHydrated();
  const current = last === "change" ? change : last === "remove" ? remove : null;
  const submitted = (which: "change" | "remove", form: typeof change.form) => ({
    ...form,
    onSubmit: (event: React.FormEvent<HTMLFormElement>) => {
      setLast(which);
      form.onSubmit(event);
    },
  });
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {roles.length > 0 && (
          <form
            {...submitted("change", change.form)}
            className="flex items-center gap-2"
            aria-label={`Change ${name}'s role`}
          >
            <OrganizationKey slug={slug} />
            <input type="hidden" name="memberId" value={memberId} />
            <RoleSelect id={`role-${memberId}`} roles={roles} defaultValue={role} label="Role" />
            <div className="w-24">
              <SubmitButton pending={change.pending} pendingLabel="Saving…">
                Save
              </SubmitButton>
            </div>
          </form>
        )}
        {canRemove && (
          <form {...submitted("remove", remove.form)} aria-label={`Remove ${name}`}>
            <OrganizationKey slug={slug} />
            <input type="hidden" name="memberId" value={memberId} />
            <button
              type="submit"
              disabled={remove.pending || !hydrated}
              aria-busy={remove.pending}
              className="rounded-md border border-red-300 px-3 py-2 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60"
            >
              {remove.pending ? "Removing…" : "Remove"}
            </button>
          </form>
        )}
      </div>
      <ReauthPrompt
        needed={current?.state.reauth && current.state}
        onConfirmed={() => current?.form.ref.current?.requestSubmit()}
      />
    </div>
  );
}
