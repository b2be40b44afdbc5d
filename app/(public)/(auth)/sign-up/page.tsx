import type { Metadata } from "next";
import { AuthCard } from "../auth-card";
import { SwitchLink } from "../switch-link";
import { SignUpOptions } from "./sign-up-options";

export const metadata: Metadata = { title: "Create account" };

export default function SignUpPage() {
  return (
    <AuthCard
      title="Create your account"
      subtitle="It takes a minute."
      footer={
        <>
          Already have an account? <SwitchLink to="/sign-in">Sign in</SwitchLink>
        </>
      }
    >
      <SignUpOptions />
    </AuthCard>
  );
}
