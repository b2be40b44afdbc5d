/** Where Better Auth's handler is mounted, and the one endpoint that may answer from the signed session cache. */
export const AUTH_BASE_PATH = "/api/auth";
export const GET_SESSION_PATH = `${AUTH_BASE_PATH}/get-session`;
