/** Where Better Auth's handler is mounted, and the one endpoint that may answer from the signed session cache. */
export const AUTH_BASE_PATH = "/api/auth";
export const GET_SESSION_PATH = `${AUTH_BASE_PATH}/get-session`;

/** The gate's question for `org` routes: get-session's answer, with the membership of `slug` read from the database. */
export const ORGANIZATION_GATE_ENDPOINT = "/organization/gate";
export const organizationGatePath = (slug: string) =>
  `${AUTH_BASE_PATH}${ORGANIZATION_GATE_ENDPOINT}?slug=${encodeURIComponent(slug)}`;

/** The access tokens' public keys (Better Auth's jwt plugin), which the gate verifies tokens with. */
export const JWKS_PATH = `${AUTH_BASE_PATH}/jwks`;

/** The gate's check of an API key (lib/server/auth/api-keys.ts): the key travels in `x-api-key`. */
export const API_KEY_GATE_ENDPOINT = "/api-key/gate";
export const API_KEY_GATE_PATH = `${AUTH_BASE_PATH}${API_KEY_GATE_ENDPOINT}`;
