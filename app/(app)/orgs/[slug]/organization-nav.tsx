import Link from "next/link";
import { roleAllows } from "@/lib/shared/auth/organization-access";

type Section = "home" | "members" | "settings" | "activity";

/** Between an organization's pages; only those the member's role opens are offered. */
export function OrganizationNav({ slug, role, current }: { slug: string; role: string; current: Section }) {
  const base = `/orgs/${slug}`;
  const item = (href: string, label: string, active: boolean) => (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
    >
      {label}
    </Link>
  );
  return (
    <nav className="mb-6 flex flex-wrap gap-2" aria-label="Organization">
      {item(base, "Overview", current === "home")}
      {item(`${base}/members`, "Members", current === "members")}
      {roleAllows(role, "organization:update") && item(`${base}/settings`, "Settings", current === "settings")}
      {roleAllows(role, "activity:read") && item(`${base}/activity`, "Activity", current === "activity")}
    </nav>
  );
}
