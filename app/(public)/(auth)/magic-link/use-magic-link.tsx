"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { FormAlert, SubmitButton } from "@/app/components/form-field";
import { AUTH_BASE_PATH } from "@/lib/shared/auth/endpoints";
import { useCallbackTarget } from "../use-callback-target";
import { useLinkToken } from "../use-link-token";

const ERRORS: Record<string, string> = {
  INVALID_TOKEN: "This link has expired or has already been used: links work once, for five minutes.",
  TWO_FACTOR_REQUIRED:
    "Your account uses two-factor authentication, so a link alone does not sign it in. Sign in with your password and code, or with a passkey.",
};

/**
 * Uses the emailed link only when the person presses the button: the link's
 * own page is the same static page for everyone, so a mail scanner opening it
 * uses nothing up. The button is a plain GET form to Better Auth's verify
 * endpoint, which consumes the token once, signs in and redirects on (or back
 * here with ?error=). It works without JavaScript.
 */
export function UseMagicLink() {
  const token = useLinkToken();
  const target = useCallbackTarget();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  useEffect(() => setError(new URLSearchParams(window.location.search).get("error")), []);

  if (error) {
    return (
      <div className="space-y-4">
        <FormAlert message={ERRORS[error] ?? "That link did not work."} />
        <Link href="/sign-in" className="text-sm font-medium text-brand-600 hover:underline">
          Ask for a new link, or sign in another way
        </Link>
      </div>
    );
  }
  if (token === null) return <FormAlert message="This page needs the link from the email we sent you." />;
  return (
    <form
      method="get"
      action={`${AUTH_BASE_PATH}/magic-link/verify`}
      onSubmit={() => setPending(true)}
      aria-label="Sign in with your link"
    >
      <input type="hidden" name="token" value={token ?? ""} />
      <input type="hidden" name="callbackURL" value={target} />
      <input type="hidden" name="errorCallbackURL" value="/magic-link" />
      <SubmitButton pending={pending || token === undefined} pendingLabel={pending ? "Signing in…" : "Sign in"}>
        Sign in
      </SubmitButton>
    </form>
  );
}
