"use client";

import QRCode from "qrcode";
import { useState } from "react";
import { describeAuthError } from "@/app/components/auth-errors";
import { Card } from "@/app/components/card";
import { FormAlert, FormField, FormNotice, OwnPasswordField, SubmitButton } from "@/app/components/form-field";
import { authClient } from "@/lib/browser/auth-client";

type Step =
  | { name: "off" }
  | { name: "scan"; qr: string; secret: string; backupCodes: string[] }
  | { name: "on"; backupCodes?: string[] };

const failureOf = (error: { code?: string; message?: string; status: number }) => describeAuthError(error).message;

/**
 * Two-factor authentication with an authenticator app (TOTP): turning it on
 * needs the password, shows a QR code (drawn in the browser by the qrcode
 * library) and backup codes, and takes effect once a first code is entered.
 */
export function TwoFactorCard({ enabled }: { enabled: boolean }) {
  const [step, setStep] = useState<Step>(enabled ? { name: "on" } : { name: "off" });
  const [state, setState] = useState<{ pending?: boolean; error?: string; notice?: string }>({});

  async function run(event: React.FormEvent<HTMLFormElement>, work: (data: FormData) => Promise<void>) {
    event.preventDefault();
    setState({ pending: true });
    try {
      await work(new FormData(event.currentTarget));
    } catch {
      setState({ error: "We could not reach the server. Try again in a moment." });
    }
  }

  const turnOn = (event: React.FormEvent<HTMLFormElement>) =>
    run(event, async (data) => {
      const { data: result, error } = await authClient.twoFactor.enable({
        password: String(data.get("password") ?? ""),
        method: "totp",
      });
      if (error || result?.method !== "totp")
        return setState({ error: error ? failureOf(error) : "That did not work." });
      const secret = new URL(result.totpURI).searchParams.get("secret") ?? "";
      setStep({ name: "scan", qr: await QRCode.toDataURL(result.totpURI), secret, backupCodes: result.backupCodes });
      setState({});
    });

  const confirm = (event: React.FormEvent<HTMLFormElement>) =>
    run(event, async (data) => {
      const { error } = await authClient.twoFactor.verifyTotp({
        code: String(data.get("code") ?? "").replace(/\s+/g, ""),
      });
      if (error) return setState({ error: failureOf(error) });
      setStep({ name: "on", backupCodes: step.name === "scan" ? step.backupCodes : undefined });
      setState({ notice: "Two-factor authentication is on. Keep your backup codes somewhere safe." });
    });

  const turnOff = (event: React.FormEvent<HTMLFormElement>) =>
    run(event, async (data) => {
      const { error } = await authClient.twoFactor.disable({ password: String(data.get("password") ?? "") });
      if (error) return setState({ error: failureOf(error) });
      setStep({ name: "off" });
      setState({ notice: "Two-factor authentication is off." });
    });

  return (
    <Card title="Two-factor authentication" description="A code from an authenticator app after your password.">
      <div className="space-y-4" data-testid="two-factor" data-state={step.name}>
        <FormAlert message={state.error} />
        {state.notice && <FormNotice>{state.notice}</FormNotice>}
        {step.name === "off" && (
          <form onSubmit={turnOn} className="space-y-3" aria-label="Turn on two-factor authentication">
            <OwnPasswordField />
            <div className="w-48">
              <SubmitButton pending={!!state.pending} pendingLabel="Preparing…">
                Turn on
              </SubmitButton>
            </div>
          </form>
        )}
        {step.name === "scan" && (
          <form onSubmit={confirm} className="space-y-3" aria-label="Confirm two-factor authentication">
            <p className="text-sm text-slate-600">
              Scan this with your authenticator app, then enter the code it shows.
            </p>
            {/* biome-ignore lint/performance/noImgElement: a data URL drawn in the browser, nothing for next/image to optimise */}
            <img src={step.qr} alt="QR code for your authenticator app" width={180} height={180} />
            <p className="text-sm text-slate-600">
              Or enter this key by hand:{" "}
              <code className="break-all" data-testid="totp-secret">
                {step.secret}
              </code>
            </p>
            <FormField name="code" label="6-digit code" inputMode="numeric" autoComplete="one-time-code" required />
            <div className="w-48">
              <SubmitButton pending={!!state.pending} pendingLabel="Checking…">
                Confirm
              </SubmitButton>
            </div>
          </form>
        )}
        {step.name === "on" && (
          <>
            {step.backupCodes && (
              <div className="rounded-md bg-slate-50 p-3 text-sm">
                <p className="font-medium">Backup codes: each works once, if you lose your app.</p>
                <ul className="mt-2 grid grid-cols-2 gap-1 font-mono" data-testid="backup-codes">
                  {step.backupCodes.map((code) => (
                    <li key={code}>{code}</li>
                  ))}
                </ul>
              </div>
            )}
            <form onSubmit={turnOff} className="space-y-3" aria-label="Turn off two-factor authentication">
              <OwnPasswordField />
              <div className="w-48">
                <SubmitButton pending={!!state.pending} pendingLabel="Turning off…">
                  Turn off
                </SubmitButton>
              </div>
            </form>
          </>
        )}
      </div>
    </Card>
  );
}
