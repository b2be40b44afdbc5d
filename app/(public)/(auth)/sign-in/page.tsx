import type { Metadata } from "next";
import { AuthCard } from "../auth-card";
import { SwitchLink } from "../switch-link";
import { SignInOptions } from "./sign-in-options";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back."
      footer={
        <>
          New here? <SwitchLink to="/sign-up">Create an account</SwitchLink>
        </>
      }
    >
      <SignInOptions />
    </AuthCard>
  );
}
