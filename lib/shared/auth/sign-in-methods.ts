/** The ways of signing in a deployment offers, as /api/sign-in-methods describes them to the browser. */
export interface SignInMethods {
  password: boolean;
  passkey: boolean;
  magicLink: boolean;
  providers: { id: string; name: string }[];
}

export const SIGN_IN_METHODS_PATH = "/api/sign-in-methods";
