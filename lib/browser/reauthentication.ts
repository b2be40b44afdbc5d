/**
 * The browser's side of re-authentication: which proofs this account can
 * give, and each proof (lib/server/auth/reauthentication.ts). A proof replaces
 * the session, so the browser holds new session cookies once one succeeds.
 */
import { startAuthentication } from "@simplewebauthn/browser";
import { REAUTH_ENDPOINTS } from "@/lib/shared/auth/reauthentication";
import { authClient } from "./auth-client";

export interface ProofFailure {
  code?: string;
  message?: string;
  status: number;
}

type Outcome = { error: ProofFailure | null };

const UNREACHABLE: ProofFailure = { status: 0 };

async function post(
  path: string,
  body: Record<string, unknown>,
): Promise<{ data: unknown; error: ProofFailure | null }> {
  const { data, error } = await authClient
    .$fetch(path, { method: "POST", body })
    .catch(() => ({ data: null, error: UNREACHABLE }));
  if (!error) return { data, error: null };
  const { code, message, status } = error as ProofFailure;
  return { data, error: { code, message, status } };
}

/** The proofs this account can give: its password, or else a mailed code; a passkey when it has one. */
export async function proofMethods(): Promise<{ password: boolean; passkey: boolean }> {
  const [accounts, passkeys] = await Promise.all([
    authClient.listAccounts().catch(() => ({ data: null })),
    authClient.passkey.listUserPasskeys().catch(() => ({ data: null })),
  ]);
  return {
    password: accounts.data?.some((account) => account.providerId === "credential") ?? true,
    passkey: (passkeys.data?.length ?? 0) > 0,
  };
}

export const proveWithPassword = async (password: string): Promise<Outcome> =>
  post(REAUTH_ENDPOINTS.password, { password });

export const sendProofCode = async (): Promise<Outcome> => post(REAUTH_ENDPOINTS.sendCode, {});

export const proveWithCode = async (code: string): Promise<Outcome> =>
  post(REAUTH_ENDPOINTS.verifyCode, { code: code.replace(/\s+/g, "") });

/** Asks the device for an assertion by one of the account's passkeys; a cancelled prompt is an error too. */
export async function proveWithPasskey(): Promise<Outcome> {
  const options = await post(REAUTH_ENDPOINTS.passkeyOptions, {});
  if (options.error) return options;
  try {
    const response = await startAuthentication({ optionsJSON: options.data as never });
    return post(REAUTH_ENDPOINTS.passkeyVerify, { response });
  } catch {
    return { error: { code: "PASSKEY_CANCELLED", status: 400 } };
  }
}
