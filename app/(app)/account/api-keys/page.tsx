import type { Metadata } from "next";
import { createApiKeyAction } from "@/app/components/api-keys/actions";
import { CreateKeyForm } from "@/app/components/api-keys/create-key-form";
import { KeyList } from "@/app/components/api-keys/key-list";
import { RevokedNotice, type RevokedParams } from "@/app/components/api-keys/revoked-notice";
import { Card, PageTitle } from "@/app/components/card";
import { API_KEY_NAME_MAX_LENGTH, MAX_KEYS_PER_USER } from "@/lib/server/auth/api-keys";
import { asCurrentUser, requireSession } from "@/lib/server/auth/session";
import { serverEnv } from "@/lib/server/env";
import { AccountNav } from "../account-nav";

export const metadata: Metadata = { title: "API keys" };

const LINK = "font-medium text-brand-600 hover:underline";

/**
 * The account's API keys: what they are for, creating one (after a recent
 * proof of identity; the key is shown once) and revoking. Read from the
 * database with the session confirmed there, like /account/security.
 */
export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<RevokedParams> }) {
  await requireSession("/account/api-keys", true);
  const [{ apiKeys }, params] = await Promise.all([
    asCurrentUser((api, headers) =>
      api.listApiKeys({ headers, query: { sortBy: "createdAt", sortDirection: "desc" } }),
    ),
    searchParams,
  ]);
  const origin = serverEnv().baseURL;
  return (
    <>
      <PageTitle title="API keys" subtitle="Let your scripts and services call this app's API as you." />
      <AccountNav current="api-keys" />
      <div className="grid gap-6">
        <RevokedNotice params={params} />
        <Card title="What a key does">
          <div className="space-y-2 text-sm text-slate-700">
            <p>
              A program sends the key in the <code className="font-mono">x-api-key</code> header (or as{" "}
              <code className="font-mono">Authorization: Bearer</code>) to the API under{" "}
              <code className="font-mono">/api/v1</code>, described at{" "}
              <a href="/api/v1/openapi.json" className={LINK}>
                /api/v1/openapi.json
              </a>
              . A read-only key can only read; a read-and-write key can also change your data.
            </p>
            <p>
              Keys suit scripts and services that run on their own; an app acting for someone signed in uses short-lived
              access tokens instead, and a revoked key is refused on its very next request.
            </p>
            <p className="text-slate-500">
              Treat a key like your password: it works without it. At most {MAX_KEYS_PER_USER} keys per account.
            </p>
          </div>
        </Card>
        <Card title="Create a key" description="It may ask you to confirm it's you first. You will see the key once.">
          <CreateKeyForm
            origin={origin}
            nameMaxLength={API_KEY_NAME_MAX_LENGTH}
            action={createApiKeyAction}
            owner={{ kind: "user" }}
          />
        </Card>
        <Card title={`Your keys (${apiKeys.length})`} description="Revoking one stops it at once.">
          <KeyList keys={apiKeys} owner={{ kind: "user" }} />
        </Card>
      </div>
    </>
  );
}
