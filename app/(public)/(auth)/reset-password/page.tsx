import type { Metadata } from "next";
import { AuthCard } from "../auth-card";
import { SwitchLink } from "../switch-link";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

export default function ResetPasswordPage() {
  return (
    <AuthCard
      title="Choose a new password"
      subtitle="Every device signed in to your account will be signed out."
      footer={
        <>
          Back to <SwitchLink to="/sign-in">sign in</SwitchLink>
        </>
      }
    >
      <ResetPasswordForm />
    </AuthCard>
  );
}
