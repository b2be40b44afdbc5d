import type { Metadata } from "next";
import { AuthCard } from "../auth-card";
import { SwitchLink } from "../switch-link";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Forgot your password?"
      subtitle="Enter your email address and we will send you a link to choose a new one."
      footer={
        <>
          Remembered it? <SwitchLink to="/sign-in">Sign in</SwitchLink>
        </>
      }
    >
      <ForgotPasswordForm />
    </AuthCard>
  );
}
