import { SectionNav } from "@/app/components/section-nav";
import { roleAllows } from "@/lib/shared/auth/organization-access";

type Section = "home" | "members" | "settings" | "api-keys" | "activity";

/** Between an organization's pages; only those the member's role opens are offered. */
export function OrganizationNav({ slug, role, current }: { slug: string; role: string; current: Section }) {
  const base = `/orgs/${slug}`;
  const links = [
    { href: base, label: "Overview", current: current === "home" },
    { href: `${base}/members`, label: "Members", current: current === "members" },
  ];
  if (roleAllows(role, "organization:update"))
    links.push({ href: `${base}/settings`, label: "Settings", current: current === "settings" });
  if (roleAllows(role, "apiKey:read"))
    links.push({ href: `${base}/settings/api-keys`, label: "API keys", current: current === "api-keys" });
  if (roleAllows(role, "activity:read"))
    links.push({ href: `${base}/activity`, label: "Activity", current: current === "activity" });
  return <SectionNav label="Organization" links={links} />;
}
