import { FormAlert, FormNotice } from "@/app/components/form-field";
import type { OrganizationActionState } from "./actions";

/** What an organization action answered: its error, or what it did. */
export function ActionOutcome({ state }: { state: OrganizationActionState }) {
  return (
    <>
      <FormAlert message={state.error} />
      {state.notice && <FormNotice>{state.notice}</FormNotice>}
    </>
  );
}

/** Which organization a form acts on: only a key to the caller's membership, which the action reads again. */
export function OrganizationKey({ slug }: { slug: string }) {
  return <input type="hidden" name="organizationSlug" value={slug} />;
}
