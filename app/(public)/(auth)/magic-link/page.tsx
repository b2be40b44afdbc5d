import type { Metadata } from "next";
import { AuthCard } from "../auth-card";
import { SwitchLink } from "../switch-link";
import { UseMagicLink } from "./use-magic-link";

export const metadata: Metadata = { title: "Sign in with your link" };

export default function MagicLinkPage() {
  return (
    <AuthCard
      title="Sign in with your link"
      subtitle="One click and you are in."
      footer={
        <>
          Not you? <SwitchLink to="/sign-in">Sign in another way</SwitchLink>
        </>
      }
    >
      <UseMagicLink />
    </AuthCard>
  );
}
