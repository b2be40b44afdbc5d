/**
 * What a revocation did, carried to the page it redirects to (the revoke form
 * is a plain form, so this works before hydration): the key's visible start,
 * which names it and cannot be used, or that it failed.
 */
import { FormAlert, FormNotice } from "@/app/components/form-field";

const START = /^eg_(r|w|or|ow)_[A-Za-z]{4}$/;

export function revokedQuery(outcome: { failed: true } | { start?: string }): string {
  if ("failed" in outcome) return "?revoke=failed";
  return outcome.start ? `?revoked=${encodeURIComponent(outcome.start)}` : "";
}

export interface RevokedParams {
  revoke?: string | string[];
  revoked?: string | string[];
}

export function RevokedNotice({ params }: { params: RevokedParams }) {
  if (params.revoke === "failed")
    return <FormAlert message="We could not revoke the key just now. It still works; try again in a moment." />;
  // Only a start of the right shape is shown: the address bar is anyone's to type in.
  const start = typeof params.revoked === "string" && START.test(params.revoked) ? params.revoked : null;
  if (!start) return null;
  return (
    <FormNotice>
      Key <code className="font-mono">{start}…</code> is revoked: requests made with it are refused from now on.
    </FormNotice>
  );
}
