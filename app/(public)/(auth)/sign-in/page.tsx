import type { Metadata } from "next";
import { AuthCard } from "../auth-card";
import { SwitchLink } from "../switch-link";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default function SignInPage() {
  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back. Enter your email and password."
      footer={
        <>
          New here? <SwitchLink to="/sign-up">Create an account</SwitchLink>
        </>
      }
    >
      <SignInForm />
    </AuthCard>
  );
}
