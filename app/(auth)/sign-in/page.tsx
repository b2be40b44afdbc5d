import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "../auth-card";
import { guestTarget } from "../guest-target";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}) {
  const target = await guestTarget(searchParams);
  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back. Enter your email and password."
      footer={
        <>
          New here?{" "}
          <Link
            href={`/sign-up?callbackUrl=${encodeURIComponent(target)}`}
            className="font-medium text-brand-600 hover:underline"
          >
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm callbackUrl={target} />
    </AuthCard>
  );
}
