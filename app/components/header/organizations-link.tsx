import { NavLink } from "./nav-link";

/** The header's way to /orgs where no switcher is shown (no organization yet, or a page the browser fills in). */
export function OrganizationsLink() {
  return <NavLink href="/orgs">Organizations</NavLink>;
}
