"use client";

import { useHydrated } from "@/app/components/use-hydrated";
import { type FormAction, useServerForm } from "@/app/components/use-server-form";
import { ActionOutcome, OrganizationKey } from "./action-outcome";
import type { OrganizationActionState } from "./actions";

const INITIAL: OrganizationActionState = {};

export function LeaveForm({
  slug,
  name,
  action,
}: {
  slug: string;
  name: string;
  action: FormAction<OrganizationActionState>;
}) {
  const { state, pending, form } = useServerForm<OrganizationActionState>(action, INITIAL);
  const hydrated = useHydrated();
  return (
    <form {...form} className="space-y-3" aria-label="Leave organization">
      <ActionOutcome state={state} />
      <OrganizationKey slug={slug} />
      <button
        type="submit"
        disabled={pending || !hydrated}
        aria-busy={pending}
        className="rounded-md border border-red-300 px-4 py-2 text-sm font-semibold text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        {pending ? "Leaving…" : `Leave ${name}`}
      </button>
    </form>
  );
}
