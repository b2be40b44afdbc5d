import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "../sign-out-button";
import { NAV_LINK } from "./nav-link";
import { OrganizationsLink } from "./organizations-link";
import type { Visitor } from "./visitor";

/** The site header for a visitor; the same markup whether the server or the browser knows who it is. */
export function HeaderView({
  visitor,
  signOut,
  organizations = <OrganizationsLink />,
}: {
  visitor: Visitor;
  /** The sign-out action (../sign-out-action.ts), from a server component. */
  signOut: () => Promise<void>;
  /** What the server header puts there (the switcher); a link to /orgs by default. */
  organizations?: ReactNode;
}) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex h-14 w-full max-w-5xl items-center gap-3.5 px-4 sm:gap-6 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-sm text-white">
            e
          </span>
          edgegate
        </Link>
        <Link href="/help" className={NAV_LINK}>
          Help
        </Link>
        {visitor.state === "signed-in" && (
          <>
            <Link href="/dashboard" className={NAV_LINK}>
              Dashboard
            </Link>
            {organizations}
            <Link href="/account" className={NAV_LINK}>
              Account
            </Link>
            <Link href="/account/security" className={NAV_LINK}>
              Security
            </Link>
            {visitor.isAdmin && (
              <Link href="/admin" className={NAV_LINK}>
                Admin
              </Link>
            )}
            <div className="ml-auto flex items-center gap-3">
              <span className="hidden text-sm text-slate-500 sm:inline" data-testid="header-user">
                {visitor.email}
              </span>
              <SignOutButton signOut={signOut} />
            </div>
          </>
        )}
        {visitor.state === "signed-out" && (
          <div className="ml-auto flex items-center gap-2">
            <Link
              href="/sign-in"
              className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
            >
              Sign in
            </Link>
            <Link
              href="/sign-up"
              className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
            >
              Create account
            </Link>
          </div>
        )}
      </nav>
    </header>
  );
}
