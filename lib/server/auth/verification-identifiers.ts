/**
 * Verification rows (reset links, two-factor sign-ins in progress, passkey
 * challenges, OAuth state, used codes) keep only the SHA-256 of their
 * identifier, through Better Auth's `verification.storeIdentifier` option: a
 * reset link's row was `reset-password:<token>`, so a leaked backup or a
 * read-only SQL injection handed out working links. The identifiers are
 * random and long, so an unsalted hash cannot be reversed; it is the same
 * digest Better Auth's own "hashed" setting writes (base64url SHA-256), which
 * it does not export, and the security log needs it to find a two-factor
 * sign-in's row. Magic links hash their token before this hashes again.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { toBase64Url } from "@/lib/shared/base64url";

/** What the `identifier` column holds for `identifier`. */
export async function storedIdentifier(identifier: string): Promise<string> {
  return toBase64Url(sha256(new TextEncoder().encode(identifier)));
}
