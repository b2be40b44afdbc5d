import type { Metadata } from "next";
import { createApiKeyAction } from "@/app/components/api-keys/actions";
import { CreateKeyForm } from "@/app/components/api-keys/create-key-form";
import { KeyList } from "@/app/components/api-keys/key-list";
import { RevokedNotice, type RevokedParams } from "@/app/components/api-keys/revoked-notice";
import { Card, PageTitle } from "@/app/components/card";
import { API_KEY_NAME_MAX_LENGTH, MAX_KEYS_PER_USER } from "@/lib/server/auth/api-keys";
import { asCurrentUser } from "@/lib/server/auth/session";
import { serverEnv } from "@/lib/server/env";
import { OrganizationNav } from "../../organization-nav";
import { requireMembership } from "../../require-membership";

export const metadata: Metadata = { title: "Organization API keys" };

/**
 * An organization's API keys, for services that work for the organization
 * whoever comes and goes: owners and admins make and revoke them (the gate's
 * settings rule; the plugin and the policy check `apiKey` permissions again).
 */
export default async function OrganizationApiKeysPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<RevokedParams>;
}) {
  const { slug } = await params;
  const { organization, member } = await requireMembership(slug, "/settings/api-keys", {
    permission: "apiKey:read",
    fresh: true,
  });
  const [{ apiKeys }, revoked] = await Promise.all([
    asCurrentUser((api, headers) =>
      api.listApiKeys({
        headers,
        query: { organizationId: organization.id, sortBy: "createdAt", sortDirection: "desc" },
      }),
    ),
    searchParams,
  ]);
  const owner = { kind: "organization", slug: organization.slug } as const;
  return (
    <>
      <PageTitle title={`${organization.name}: API keys`} subtitle={`/orgs/${organization.slug}`} />
      <OrganizationNav slug={organization.slug} role={member.role} current="api-keys" />
      <div className="grid gap-6">
        <RevokedNotice params={revoked} />
        <Card title="The organization's keys">
          <p className="text-sm text-slate-700">
            A key made here belongs to {organization.name}, not to you: it keeps working if you leave, and goes when the
            organization is deleted. Owners and admins see and revoke every one. At most {MAX_KEYS_PER_USER} keys.
          </p>
        </Card>
        <Card title="Create a key" description="It may ask you to confirm it's you first. You will see the key once.">
          <CreateKeyForm
            origin={serverEnv().baseURL}
            nameMaxLength={API_KEY_NAME_MAX_LENGTH}
            action={createApiKeyAction}
            owner={owner}
          />
        </Card>
        <Card title={`Keys (${apiKeys.length})`} description="Revoking one stops it at once.">
          <KeyList keys={apiKeys} owner={owner} />
        </Card>
      </div>
    </>
  );
}
