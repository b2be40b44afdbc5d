import { Card, formatDateTime } from "@/app/components/card";
import { providerName } from "@/lib/server/auth/provider-name";
import { listOwnAccounts } from "@/lib/server/auth/session";
import { serverEnv } from "@/lib/server/env";

/**
 * The providers linked to the account and when each was added: a provider
 * linked by someone else (a copied session, an address registered at the
 * provider) shows up here with its date, as it did in the owner's mail.
 * Shown when the deployment offers providers or the account has one.
 */
export async function ProvidersCard() {
  const env = serverEnv();
  const linked = (await listOwnAccounts()).filter((account) => account.providerId !== "credential");
  if (!linked.length && !env.signIn.providers.length) return null;
  return (
    <Card title="Linked providers" description="Each signs in to your account on its own, without your password.">
      {linked.length ? (
        <ul className="divide-y divide-slate-100 text-sm" data-testid="providers">
          {linked.map((account) => (
            <li key={account.id} className="py-2">
              <span className="font-medium">{providerName(env, account.providerId)}</span>
              <span className="text-slate-500"> · added {formatDateTime(account.createdAt)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">None yet.</p>
      )}
    </Card>
  );
}
