/**
 * How the app says "not now" when what it depends on (the auth handler, the
 * database) does not answer: a 503 with the same Retry-After from the gate and
 * from the auth route, and this body from the auth route.
 */
export const RETRY_AFTER_SECONDS = 5;

export const UNAVAILABLE_BODY = {
  error: "unavailable",
  message: "The service is briefly unavailable. Try again in a few seconds.",
};
