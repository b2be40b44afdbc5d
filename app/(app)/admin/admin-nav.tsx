import { SectionNav } from "@/app/components/section-nav";

/** Between the console's two views. */
export function AdminNav({ current }: { current: "users" | "log" }) {
  return (
    <SectionNav
      label="Admin"
      links={[
        { href: "/admin", label: "Users", current: current === "users" },
        { href: "/admin/security-log", label: "Security log", current: current === "log" },
      ]}
    />
  );
}
