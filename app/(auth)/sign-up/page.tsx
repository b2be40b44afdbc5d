import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "../auth-card";
import { guestTarget } from "../guest-target";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  const target = await guestTarget(searchParams);
  return (
    <AuthCard
      title="Create your account"
      subtitle="It takes a few seconds. No credit card, no email confirmation."
      footer={
        <>
          Already have an account?{" "}
          <Link
            href={`/sign-in?callbackUrl=${encodeURIComponent(target)}`}
            className="font-medium text-brand-600 hover:underline"
          >
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm callbackUrl={target} />
    </AuthCard>
  );
}
