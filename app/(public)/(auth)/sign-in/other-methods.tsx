"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { describeAuthError } from "@/app/components/auth-errors";
import { FormAlert, FormField, FormNotice, SubmitButton } from "@/app/components/form-field";
import { TurnstileWidget } from "@/app/components/turnstile/turnstile-widget";
import { CHECKING_LABEL, type SiteKey, useTurnstile } from "@/app/components/turnstile/use-turnstile";
import { useHydrated } from "@/app/components/use-hydrated";
import { authClient } from "@/lib/browser/auth-client";
import type { SignInMethods } from "@/lib/shared/auth/sign-in-methods";
import { validateEmail } from "@/lib/shared/auth/validation";
import { useCallbackTarget } from "../use-callback-target";

const SECONDARY =
  "inline-flex w-full items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-800 shadow-sm hover:bg-slate-50 disabled:opacity-60";

/**
 * Offers the browser's saved passkeys in the email field (conditional UI) from
 * the moment it gets focus. Started on focus, not on page load: a passkey
 * ceremony started later cancels any earlier one, so one started while the
 * page loads could cancel the one a quick press of "Sign in with a passkey"
 * had just begun.
 */
export function usePasskeyAutofill(): () => void {
  const router = useRouter();
  const target = useCallbackTarget();
  const started = useRef(false);
  return () => {
    if (started.current) return;
    started.current = true;
    void PublicKeyCredential?.isConditionalMediationAvailable?.().then(async (available) => {
      if (!available) return;
      const result = await authClient.signIn.passkey({ autoFill: true }).catch(() => ({ error: { status: 0 } }));
      // A suggestion the person dismissed, or a ceremony the button replaced, is no error worth showing.
      if (result?.error) return;
      router.replace(target);
      router.refresh();
    });
  };
}

/** Passkey sign-in with a button (the email field also offers passkeys: usePasskeyAutofill). */
export function PasskeyButton() {
  const router = useRouter();
  const target = useCallbackTarget();
  const [state, setState] = useState<{ pending?: boolean; error?: string }>({});
  const hydrated = useHydrated();

  async function signIn() {
    setState({ pending: true });
    const result = await authClient.signIn.passkey().catch(() => ({ error: { status: 0 } }));
    if (result?.error) return setState({ error: describeAuthError(result.error).message });
    router.replace(target);
    router.refresh();
  }

  return (
    <div className="space-y-2">
      <FormAlert message={state.error} />
      <button type="button" className={SECONDARY} onClick={signIn} disabled={state.pending || !hydrated}>
        {state.pending ? "Waiting for your passkey…" : "Sign in with a passkey"}
      </button>
    </div>
  );
}

/** One button per configured OAuth / OpenID Connect provider; errors come back as ?error= on this page. */
export function ProviderButtons({ providers }: { providers: SignInMethods["providers"] }) {
  const target = useCallbackTarget();
  const [pending, setPending] = useState<string>();
  const [error, setError] = useState<string>();
  const hydrated = useHydrated();

  async function go(provider: string) {
    setPending(provider);
    const { error: failure } = await authClient.signIn
      .social({ provider, callbackURL: target, errorCallbackURL: "/sign-in" })
      .catch(() => ({ error: { status: 0 } }));
    if (failure) {
      setError(describeAuthError(failure).message);
      setPending(undefined);
    }
  }

  return (
    <div className="space-y-2">
      <FormAlert message={error} />
      {providers.map((provider) => (
        <button
          key={provider.id}
          type="button"
          className={SECONDARY}
          onClick={() => go(provider.id)}
          disabled={!!pending || !hydrated}
        >
          {pending === provider.id ? `Opening ${provider.name}…` : `Continue with ${provider.name}`}
        </button>
      ))}
    </div>
  );
}

/** "Email me a sign-in link": the same answer for every address. */
export function MagicLinkForm({ turnstileSiteKey }: { turnstileSiteKey: SiteKey }) {
  const target = useCallbackTarget();
  const turnstile = useTurnstile(turnstileSiteKey, "magic-link");
  const [state, setState] = useState<{ pending?: boolean; error?: string; fieldError?: string; sentTo?: string }>({});

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    const fieldError = validateEmail(email);
    if (fieldError) return setState({ fieldError });
    setState({ pending: true });
    const { error } = await turnstile
      .protect((fetchOptions) => authClient.signIn.magicLink({ email, callbackURL: target, fetchOptions }))
      .catch(() => ({ error: { status: 0 } }));
    setState(error ? { error: describeAuthError(error).message } : { sentTo: email });
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" aria-label="Email me a sign-in link">
      <FormAlert message={state.error} />
      {state.sentTo && (
        <FormNotice>
          We sent a sign-in link to <strong>{state.sentTo}</strong>. It works once, for five minutes.
        </FormNotice>
      )}
      <FormField name="email" label="Email" type="email" autoComplete="email" required error={state.fieldError} />
      <TurnstileWidget turnstile={turnstile} />
      <SubmitButton pending={!!state.pending} pendingLabel={turnstile.checking ? CHECKING_LABEL : "Sending…"}>
        Email me a sign-in link
      </SubmitButton>
    </form>
  );
}

const CALLBACK_ERRORS: Record<string, string> = {
  account_not_linked:
    "An account with this email already exists. Sign in to it the usual way: it is joined to a provider only when both that provider and your account have confirmed the address.",
  access_denied: "The sign-in was cancelled at the provider.",
};

/** An error the OAuth callback sent back here (?error=…). */
export function CallbackError() {
  const [message, setMessage] = useState<string>();
  useEffect(() => {
    const code = new URLSearchParams(window.location.search).get("error");
    if (code)
      setMessage(CALLBACK_ERRORS[code] ?? "Signing in with that provider did not work. Try again, or use another way.");
  }, []);
  return <FormAlert message={message} />;
}
