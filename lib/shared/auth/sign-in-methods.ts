/** The ways of signing in a deployment offers, as /api/sign-in-methods describes them to the browser. */
export interface SignInMethods {
  password: boolean;
  passkey: boolean;
  magicLink: boolean;
  providers: { id: string; name: string }[];
  /** Cloudflare Turnstile's site key for the widget on the forms bots use; null when Turnstile is off. */
  turnstileSiteKey: string | null;
}

export const SIGN_IN_METHODS_PATH = "/api/sign-in-methods";
