import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "../sign-out-button";
import { HeaderMenu } from "./header-menu";
import { NavLink } from "./nav-link";
import { OrganizationsLink } from "./organizations-link";
import type { Visitor } from "./visitor";

/**
 * The site header for a visitor; the same markup whether the server or the
 * browser knows who it is. On a phone: the logo, the account's actions and a
 * menu button; the navigation (and the email) in the menu.
 */
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
    <header className="relative border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 w-full max-w-5xl items-center gap-2 px-4 sm:gap-3 sm:px-6 lg:gap-6">
        <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-sm text-white">
            e
          </span>
          edgegate
        </Link>
        <HeaderMenu>
          {visitor.state === "signed-in" && (
            <p className="truncate border-b border-slate-100 pb-2 text-sm text-slate-500 lg:hidden">
              Signed in as {visitor.email}
            </p>
          )}
          <NavLink href="/help">Help</NavLink>
          {visitor.state === "signed-in" && (
            <>
              <NavLink href="/dashboard">Dashboard</NavLink>
              {organizations}
              <NavLink href="/account">Account</NavLink>
              <NavLink href="/account/security">Security</NavLink>
              {visitor.isAdmin && <NavLink href="/admin">Admin</NavLink>}
            </>
          )}
        </HeaderMenu>
        {visitor.state === "signed-in" && (
          <div className="ml-auto flex min-w-0 items-center gap-3">
            <span
              className="hidden min-w-0 max-w-64 truncate text-sm text-slate-500 lg:inline"
              data-testid="header-user"
            >
              {visitor.email}
            </span>
            <SignOutButton signOut={signOut} />
          </div>
        )}
        {visitor.state === "signed-out" && (
          <div className="ml-auto flex shrink-0 items-center gap-1 sm:gap-2">
            <Link
              href="/sign-in"
              className="rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
            >
              Sign in
            </Link>
            <Link
              href="/sign-up"
              className="rounded-md bg-brand-600 px-2.5 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
            >
              <span className="sm:hidden">Sign up</span>
              <span className="hidden sm:inline">Create account</span>
            </Link>
          </div>
        )}
      </div>
    </header>
  );
}
