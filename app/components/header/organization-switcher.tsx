"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface HeaderOrganization {
  name: string;
  slug: string;
}

const ITEM = "block truncate px-3 py-2 text-sm text-slate-700 hover:bg-slate-100";

/**
 * The organizations I belong to, a click away from any page. A <details>
 * menu, so it opens before (and without) JavaScript; keyed on the path so it
 * closes once a link in it is followed. Its label names the organization
 * whose pages are open, read from the path, not from the session (whose
 * active organization may lag a switch by one request).
 */
export function OrganizationSwitcher({ organizations }: { organizations: HeaderOrganization[] }) {
  const pathname = usePathname();
  const current = organizations.find(
    ({ slug }) => pathname === `/orgs/${slug}` || pathname.startsWith(`/orgs/${slug}/`),
  );
  return (
    <details key={pathname} className="relative" data-testid="organization-switcher">
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded-md py-2 text-sm text-slate-600 hover:text-slate-900 lg:max-w-[14rem] lg:py-0">
        <span className="truncate">{current?.name ?? "Organizations"}</span>
        <span aria-hidden className="text-xs">
          ▾
        </span>
      </summary>
      {/* In the phone's menu the list opens in place, under its label; from lg up it hangs under the label. */}
      <div className="rounded-md border border-slate-200 bg-white py-1 lg:absolute lg:left-1/2 lg:z-10 lg:mt-2 lg:w-56 lg:-translate-x-1/2 lg:shadow-lg">
        <ul aria-label="Your organizations">
          {organizations.map(({ name, slug }) => (
            <li key={slug}>
              <Link
                href={`/orgs/${slug}`}
                aria-current={slug === current?.slug ? "page" : undefined}
                className={`${ITEM} ${slug === current?.slug ? "font-semibold" : ""}`}
              >
                {name}
              </Link>
            </li>
          ))}
        </ul>
        <div className="mt-1 border-t border-slate-100 pt-1">
          <Link href="/orgs" className={ITEM}>
            All organizations
          </Link>
          <Link href="/orgs/new" className={ITEM}>
            New organization
          </Link>
        </div>
      </div>
    </details>
  );
}
