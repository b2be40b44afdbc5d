"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { attempt } from "@/app/(app)/attempt";
import { describeAuthError } from "@/app/components/auth-errors";
import { API_KEY_ERRORS, API_KEY_NAME_MAX_LENGTH } from "@/lib/server/auth/api-keys";
import { getSession, redirectToSignIn } from "@/lib/server/auth/session";
import { membershipBySlug } from "@/lib/server/organizations/membership";
import {
  API_KEY_EXPIRY_DAYS,
  type ApiKeySummary,
  isKeyKindOf,
  type KeyOwner,
  ORGANIZATION_FIELD,
  summarizeApiKey,
} from "@/lib/shared/auth/api-key-access";
import { nameRuleBroken } from "@/lib/shared/auth/validation";
import { revokedQuery } from "./revoked-notice";

const DAY = 24 * 60 * 60;

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value.trim() : "");

interface Owner {
  kind: KeyOwner;
  /** The page listing the owner's keys. */
  page: string;
  /** For an organization: its id, from the caller's membership (never from the form). */
  organizationId?: string;
}

const NOT_A_MEMBER = describeAuthError({ code: "ORGANIZATION_NOT_FOUND", status: 404 }).message;

/**
 * Whose keys a form is about: the account's, or the organization it names,
 * found through the caller's membership read from the database (the plugin
 * and the policy check the role again).
 */
async function ownerOf(formData: FormData): Promise<Owner | null> {
  const slug = text(formData.get(ORGANIZATION_FIELD));
  if (!slug) return { kind: "user", page: "/account/api-keys" };
  const session = await getSession(true);
  if (!session) return redirectToSignIn();
  const membership = await membershipBySlug(session.user.id, slug);
  if (!membership) return null;
  const { organization } = membership;
  return {
    kind: "organization",
    page: `/orgs/${organization.slug}/settings/api-keys`,
    organizationId: organization.id,
  };
}

export interface CreateKeyState {
  /** The name's problem. */
  error?: string;
  formError?: string;
  /** Creating needs a recent proof of identity first (the form asks for it, then sends again). */
  reauth?: boolean;
  /**
   * The key just made, in this answer only: it lives in the page's memory
   * until the person leaves, and is stored nowhere the browser keeps.
   */
  created?: ApiKeySummary & { key: string; expiresAt: string | null };
}

/** The key's lifetime in seconds as the form chose it; null for never, undefined for a choice not offered. */
function lifetime(expiry: string): number | null | undefined {
  if (expiry === "never") return null;
  const days = API_KEY_EXPIRY_DAYS.find((offered) => String(offered) === expiry);
  return days && days * DAY;
}

/** Creates a key for the current user or their organization; the answer carries the key, which is never shown again. */
export async function createApiKeyAction(_previous: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  const owner = await ownerOf(formData);
  if (!owner) return { formError: NOT_A_MEMBER };
  const name = text(formData.get("name"));
  const access = text(formData.get("access"));
  const expiresIn = lifetime(text(formData.get("expiry")));
  if (!name) return { error: describeAuthError({ code: "NAME_REQUIRED", status: 400 }).message };
  if (name.length > API_KEY_NAME_MAX_LENGTH || nameRuleBroken(name))
    return { error: API_KEY_ERRORS.API_KEY_NAME_INVALID };
  if (!isKeyKindOf(owner.kind, access)) return { formError: API_KEY_ERRORS.API_KEY_KIND_UNKNOWN };
  if (expiresIn === undefined)
    return { formError: describeAuthError({ code: "EXPIRES_IN_IS_TOO_LARGE", status: 400 }).message };
  let created: CreateKeyState["created"];
  const failed = await attempt("API key creation", async (api, headers) => {
    const made = await api.createApiKey({
      headers,
      body: {
        name,
        configId: access,
        ...(expiresIn ? { expiresIn } : {}),
        ...(owner.organizationId ? { organizationId: owner.organizationId } : {}),
      },
    });
    created = {
      ...summarizeApiKey(made),
      key: made.key,
      expiresAt: made.expiresAt ? new Date(made.expiresAt).toISOString() : null,
    };
  });
  if (failed?.reauth) return { reauth: true };
  if (failed?.field === "name") return { error: failed.message };
  if (failed || !created) return { formError: failed?.message };
  revalidatePath(owner.page);
  return { created };
}

/**
 * Revokes one of the owner's keys, chosen by id and looked up among the
 * owner's own (which also gives its configuration, which the plugin's delete
 * needs). A plain form action, so it works before the page has hydrated; the
 * page it leads to says which key went.
 */
export async function revokeApiKeyAction(formData: FormData): Promise<never> {
  const owner = await ownerOf(formData);
  if (!owner) redirect("/orgs");
  const id = text(formData.get("keyId"));
  let revoked: string | undefined;
  const failed = await attempt("API key revocation", async (api, headers) => {
    const query = owner.organizationId ? { organizationId: owner.organizationId } : {};
    const { apiKeys } = await api.listApiKeys({ headers, query });
    const target = apiKeys.find((key) => key.id === id);
    if (!target) return; // gone already (another tab, or it expired): the list shows it
    await api.deleteApiKey({ headers, body: { keyId: target.id, configId: target.configId } });
    revoked = target.start ?? "";
  });
  revalidatePath(owner.page);
  redirect(`${owner.page}${revokedQuery(failed ? { failed: true } : { start: revoked })}`);
}
