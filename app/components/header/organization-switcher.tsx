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
      <summary className="flex cursor-pointer list-none items-center gap-1 text-sm text-slate-600 hover:text-slate-900 sm:max-w-[14rem]">
        {/* On a phone, only the open organization's initial or "Orgs": the header is full there already. */}
        {current ? (
          <span
            aria-hidden
            className="grid h-6 w-6 shrink-0 place-items-center rounded-md bg-slate-200 text-xs font-semibold text-slate-700 sm:hidden"
          >
            {current.name.trim().charAt(0).toUpperCase()}
          </span>
        ) : (
          <span aria-hidden className="sm:hidden">
            Orgs
          </span>
        )}
        <span className="sr-only sm:not-sr-only sm:truncate">{current?.name ?? "Organizations"}</span>
        <span aria-hidden className="text-xs">
          ▾
        </span>
      </summary>
      {/* On a phone the menu spans the screen under the header; from sm up it hangs under its label. */}
      <div className="fixed inset-x-4 top-14 z-10 rounded-md border border-slate-200 bg-white py-1 shadow-lg sm:absolute sm:inset-x-auto sm:left-1/2 sm:top-auto sm:mt-2 sm:w-56 sm:-translate-x-1/2">
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
