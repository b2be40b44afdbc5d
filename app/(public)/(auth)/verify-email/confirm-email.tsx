"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { describeAuthError } from "@/app/components/auth-errors";
import { FormAlert, FormNotice, SubmitButton } from "@/app/components/form-field";
import { authClient } from "@/lib/browser/auth-client";
import { useCallbackTarget } from "../use-callback-target";
import { useLinkToken } from "../use-link-token";

/**
 * Confirms on a button press, not on opening the page: mail scanners that
 * open every link in a message must not confirm an address, sign anyone in
 * or use the link up. Confirming signs the person in (or updates the session
 * they have) and goes on to where they were headed, unless the password of
 * the account was not chosen in this browser: then it says so (a link to
 * choose one is on its way) before going on.
 */
export function ConfirmEmail() {
  const router = useRouter();
  const target = useCallbackTarget();
  const token = useLinkToken();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [confirmedSignedOut, setConfirmedSignedOut] = useState(false);
  const [passwordRemoved, setPasswordRemoved] = useState(false);

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setProblem(undefined);
    const { data: confirmed, error } = await authClient
      .verifyEmail({ query: { token: token ?? "" } })
      .catch(() => ({ data: null, error: { status: 0 } }));
    if (error) {
      setProblem(describeAuthError(error).message);
      setPending(false);
      return;
    }
    // Read the session from the database: its signed cache is re-issued with what just changed
    // (the address, and a role that comes with it).
    const { data } = await authClient.getSession({ query: { disableCookieCache: true } }).catch(() => ({ data: null }));
    if (data && (confirmed as { passwordRemoved?: boolean } | null)?.passwordRemoved) {
      // lib/server/auth/first-confirmation.ts: the password was chosen in another browser.
      setPasswordRemoved(true);
      setPending(false);
    } else if (data) {
      router.replace(target);
      router.refresh();
    } else {
      // An already used link confirms nothing new and signs nobody in.
      setConfirmedSignedOut(true);
      setPending(false);
    }
  }

  if (token === null) {
    return (
      <FormAlert message="This page needs the link from the email we sent you. Sign in, and we will send a new one." />
    );
  }
  if (passwordRemoved) {
    return (
      <FormNotice>
        Your email address is confirmed and you are signed in. This account was created in another browser, so for your
        safety the password chosen there no longer works: we have emailed you a link to choose your own.{" "}
        <Link href={target} className="font-medium underline">
          Continue
        </Link>
      </FormNotice>
    );
  }
  if (confirmedSignedOut) {
    return (
      <FormNotice>
        Your email address is confirmed.{" "}
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(target)}`} className="font-medium underline">
          Sign in to continue
        </Link>
      </FormNotice>
    );
  }
  return (
    <form onSubmit={confirm} className="space-y-4" aria-label="Confirm email">
      <FormAlert message={problem && `${problem} Sign in, and we will send you a new link.`} />
      <SubmitButton
        pending={pending || token === undefined}
        pendingLabel={pending ? "Confirming…" : "Confirm my email"}
      >
        Confirm my email
      </SubmitButton>
    </form>
  );
}
