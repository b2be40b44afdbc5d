import { formatDateTime } from "@/app/components/card";
import { accessOf, ORGANIZATION_FIELD, summarizeApiKey } from "@/lib/shared/auth/api-key-access";
import { revokeApiKeyAction } from "./actions";
import type { FormOwner } from "./create-key-form";

export interface ListedKey {
  id: string;
  name: string | null;
  start: string | null;
  configId: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastRequest: Date | null;
}

const SECONDARY = "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100";

function expiry(expiresAt: Date | null): string {
  if (!expiresAt) return "never expires";
  return new Date(expiresAt).getTime() <= Date.now()
    ? `expired ${formatDateTime(expiresAt)}`
    : `expires ${formatDateTime(expiresAt)}`;
}

/**
 * An owner's keys (the account's or an organization's), by their visible
 * start (the rest is never shown again).
 * Revoking asks to confirm first, in a native disclosure, so it works before
 * the page has hydrated.
 */
export function KeyList({ keys, owner }: { keys: ListedKey[]; owner: FormOwner }) {
  if (keys.length === 0) return <p className="text-sm text-slate-500">No keys yet.</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="api-keys">
      {keys.map((row) => {
        const key = summarizeApiKey(row);
        return (
          <li
            key={key.id}
            className="flex flex-wrap items-start justify-between gap-4 py-3 text-sm"
            data-key-start={key.start}
          >
            <div>
              <p className="font-medium">
                {key.name} <code className="ml-1 font-mono text-xs text-slate-600">{key.start}…</code>
                <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                  {accessOf(key.kind)}
                </span>
              </p>
              <p className="text-slate-500">
                created {formatDateTime(row.createdAt)} · {expiry(row.expiresAt)} ·{" "}
                {row.lastRequest ? `last used ${formatDateTime(row.lastRequest)}` : "never used"}
              </p>
            </div>
            <details className="group">
              <summary className={`${SECONDARY} cursor-pointer list-none text-center`}>
                <span className="group-open:hidden">Revoke</span>
                <span className="hidden group-open:inline">Cancel</span>
              </summary>
              <form
                action={revokeApiKeyAction}
                aria-label={`Revoke ${key.start}`}
                className="mt-2 max-w-xs space-y-2 rounded-md border border-red-200 bg-red-50 p-3"
              >
                <input type="hidden" name="keyId" value={key.id} />
                {owner.kind === "organization" && <input type="hidden" name={ORGANIZATION_FIELD} value={owner.slug} />}
                <p>Revoke “{key.name}”? Everything using it stops working at once. This cannot be undone.</p>
                <button
                  type="submit"
                  className="rounded-md bg-red-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-red-700"
                >
                  Revoke key
                </button>
              </form>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
