import type { Metadata } from "next";
import { AuthCard } from "../auth-card";
import { SwitchLink } from "../switch-link";
import { ConfirmEmail } from "./confirm-email";

export const metadata: Metadata = { title: "Confirm your email" };

export default function VerifyEmailPage() {
  return (
    <AuthCard
      title="Confirm your email address"
      subtitle="One click and you are in."
      footer={
        <>
          Already confirmed? <SwitchLink to="/sign-in">Sign in</SwitchLink>
        </>
      }
    >
      <ConfirmEmail />
    </AuthCard>
  );
}
