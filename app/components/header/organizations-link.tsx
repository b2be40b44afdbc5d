import Link from "next/link";
import { NAV_LINK } from "./nav-link";

/** The header's way to /orgs where no switcher is shown (no organization yet, or a page the browser fills in). */
export function OrganizationsLink() {
  return (
    <Link href="/orgs" className={NAV_LINK}>
      <span className="sm:hidden">Orgs</span>
      <span className="hidden sm:inline">Organizations</span>
    </Link>
  );
}
