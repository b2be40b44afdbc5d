import type { Metadata } from "next";
import { AuthCard } from "../auth-card";
import { SwitchLink } from "../switch-link";
import { TwoFactorForm } from "./two-factor-form";

export const metadata: Metadata = { title: "Two-factor code" };

export default function TwoFactorPage() {
  return (
    <AuthCard
      title="Enter your code"
      subtitle="Your password was right. Now the code from your authenticator app."
      footer={
        <>
          Not you? <SwitchLink to="/sign-in">Start again</SwitchLink>
        </>
      }
    >
      <TwoFactorForm />
    </AuthCard>
  );
}
