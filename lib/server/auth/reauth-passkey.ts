/**
 * The passkey proof: an assertion by one of the session user's own passkeys,
 * with the person verified (PIN, fingerprint, face), against a challenge bound
 * to the session that asked for it and spent on first use. The passkey
 * plugin's own authentication endpoint would not do: it signs in whoever the
 * chosen passkey belongs to, a new session for possibly another account.
 * Origin and relying party come from BETTER_AUTH_URL, as for sign-in
 * (./sign-in-methods.ts), never from the request.
 */
import type { GenericEndpointContext } from "@better-auth/core";
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from "@simplewebauthn/server";
import { APIError } from "better-auth/api";
import { fromBase64Url } from "@/lib/shared/base64url";

/** Long enough for a person to find their key; the plugin's own ceremonies allow the same. */
const CHALLENGE_LIFETIME = 300;

interface PasskeyRow {
  id: string;
  userId: string;
  credentialID: string;
  publicKey: string;
  counter: number;
  transports?: string | null;
}

export const REAUTH_PASSKEY_ERRORS = {
  NO_PASSKEY: { code: "NO_PASSKEY", message: "This account has no passkey" },
  CHALLENGE_NOT_FOUND: { code: "CHALLENGE_NOT_FOUND", message: "This passkey request has expired: try again" },
  PASSKEY_NOT_ACCEPTED: { code: "PASSKEY_NOT_ACCEPTED", message: "That passkey could not confirm it is you" },
};

const identifierOf = (sessionId: string) => `reauth-passkey:${sessionId}`;
const transportsOf = (row: PasskeyRow) =>
  row.transports ? (row.transports.split(",") as AuthenticatorTransportFuture[]) : undefined;

function passkeysOf(ctx: GenericEndpointContext, userId: string): Promise<PasskeyRow[]> {
  return ctx.context.adapter.findMany<PasskeyRow>({ model: "passkey", where: [{ field: "userId", value: userId }] });
}

/** Options for the browser's navigator.credentials.get, limited to the user's own passkeys. */
export async function passkeyChallenge(
  ctx: GenericEndpointContext,
  baseURL: string,
  session: { sessionId: string; userId: string },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const passkeys = await passkeysOf(ctx, session.userId);
  if (passkeys.length === 0) throw APIError.from("BAD_REQUEST", REAUTH_PASSKEY_ERRORS.NO_PASSKEY);
  const options = await generateAuthenticationOptions({
    rpID: new URL(baseURL).hostname,
    userVerification: "required",
    allowCredentials: passkeys.map((row) => ({ id: row.credentialID, transports: transportsOf(row) })),
  });
  await ctx.context.internalAdapter.deleteVerificationByIdentifier(identifierOf(session.sessionId));
  await ctx.context.internalAdapter.createVerificationValue({
    identifier: identifierOf(session.sessionId),
    value: options.challenge,
    expiresAt: new Date(Date.now() + CHALLENGE_LIFETIME * 1000),
  });
  return options;
}

/** Checks the assertion against the session's challenge (spent either way); throws unless it proves the user. */
export async function verifyPasskeyProof(
  ctx: GenericEndpointContext,
  baseURL: string,
  session: { sessionId: string; userId: string },
  response: AuthenticationResponseJSON,
): Promise<void> {
  const challenge = await ctx.context.internalAdapter.consumeVerificationValue(identifierOf(session.sessionId));
  if (!challenge) throw APIError.from("BAD_REQUEST", REAUTH_PASSKEY_ERRORS.CHALLENGE_NOT_FOUND);
  const passkey = (await passkeysOf(ctx, session.userId)).find((row) => row.credentialID === response.id);
  const publicKey = passkey
    ? fromBase64Url(passkey.publicKey.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""))
    : null;
  if (!passkey || !publicKey) throw APIError.from("UNAUTHORIZED", REAUTH_PASSKEY_ERRORS.PASSKEY_NOT_ACCEPTED);
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge.value,
    expectedOrigin: baseURL,
    expectedRPID: new URL(baseURL).hostname,
    credential: { id: passkey.credentialID, publicKey, counter: passkey.counter, transports: transportsOf(passkey) },
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified) throw APIError.from("UNAUTHORIZED", REAUTH_PASSKEY_ERRORS.PASSKEY_NOT_ACCEPTED);
  await ctx.context.adapter.update({
    model: "passkey",
    where: [{ field: "id", value: passkey.id }],
    update: { counter: verification.authenticationInfo.newCounter },
  });
}
