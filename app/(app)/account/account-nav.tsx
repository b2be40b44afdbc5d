import { SectionNav } from "@/app/components/section-nav";

/** Between the account's pages. */
export function AccountNav({ current }: { current: "account" | "security" | "api-keys" }) {
  return (
    <SectionNav
      label="Account"
      links={[
        { href: "/account", label: "Profile", current: current === "account" },
        { href: "/account/security", label: "Security", current: current === "security" },
        { href: "/account/api-keys", label: "API keys", current: current === "api-keys" },
      ]}
    />
  );
}
