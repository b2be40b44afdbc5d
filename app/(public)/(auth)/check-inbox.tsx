"use client";

import { useState } from "react";
import { describeAuthError } from "@/app/components/auth-errors";
import { TurnstileWidget } from "@/app/components/turnstile/turnstile-widget";
import { CHECKING_LABEL, type SiteKey, useTurnstile } from "@/app/components/turnstile/use-turnstile";
import { authClient } from "@/lib/browser/auth-client";
import { useCallbackTarget } from "./use-callback-target";

/**
 * "We sent you a link": after a sign-up, or a sign-in refused because the
 * address is not confirmed yet. Sending again goes through Better Auth's
 * send-verification-email, which answers alike for every address and is
 * rate-limited (3 a minute).
 */
export function CheckInbox({
  email,
  intro,
  turnstileSiteKey,
}: {
  email: string;
  intro: string;
  turnstileSiteKey: SiteKey;
}) {
  const target = useCallbackTarget();
  const turnstile = useTurnstile(turnstileSiteKey, "resend-verification");
  const [state, setState] = useState<{ sending?: boolean; message?: string }>({});

  async function resend() {
    setState({ sending: true });
    const { error } = await turnstile
      .protect((fetchOptions) => authClient.sendVerificationEmail({ email, callbackURL: target, fetchOptions }))
      .catch(() => ({ error: { status: 0 } }));
    setState({ message: error ? describeAuthError(error).message : `We sent another link to ${email}.` });
  }

  return (
    <div
      className="space-y-3 rounded-md border border-brand-100 bg-brand-50 p-4 text-sm text-slate-700"
      data-testid="check-inbox"
    >
      <p className="font-medium text-slate-900">Check your inbox</p>
      <p>
        {intro} We sent a link to <strong>{email}</strong>. Open it to confirm your address; it works for one hour.
      </p>
      {process.env.NODE_ENV === "development" && (
        <p>
          Running locally? Messages are not sent but kept in the{" "}
          <a href="/dev/outbox" className="font-medium text-brand-600 underline">
            development outbox
          </a>
          .
        </p>
      )}
      <p>
        No message?{" "}
        <button
          type="button"
          onClick={resend}
          disabled={state.sending}
          className="font-medium text-brand-600 underline disabled:opacity-60"
        >
          {state.sending ? (turnstile.checking ? CHECKING_LABEL : "Sending…") : "Send the link again"}
        </button>
      </p>
      <TurnstileWidget turnstile={turnstile} />
      {state.message && <p role="status">{state.message}</p>}
    </div>
  );
}
