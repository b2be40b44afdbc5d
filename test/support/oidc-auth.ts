/**
 * A test file's database and auth instance, with a real OpenID provider
 * (oidc-provider on loopback) configured as the instance's "oidc" provider.
 * Close the provider after the file.
 */
import { type OidcStandIn, startOidcProvider } from "../../stand-ins/oidc-provider";
import { createTestAuth, type TestAuth } from "./auth-instance";
import { TEST_BASE_URL } from "./constants";
import { createTestDatabase, type TestDatabase } from "./database";

export async function startOidcTestAuth(): Promise<{ db: TestDatabase; oidc: OidcStandIn; t: TestAuth }> {
  const db = await createTestDatabase();
  const oidc = await startOidcProvider({ redirectUri: `${TEST_BASE_URL}/api/auth/callback/oidc` });
  return { db, oidc, t: createTestAuth(db.url, oidc.env) };
}
