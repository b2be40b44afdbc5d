import Link from "next/link";
import { peekSession } from "@/lib/server/auth/session";
import { hasRole } from "@/lib/shared/auth/roles";
import { SignOutButton } from "./sign-out-button";

export async function SiteHeader() {
  const peeked = await peekSession();
  // When the session cannot be read, show neither signed-in nor signed-out links.
  const session = peeked === "unknown" ? null : peeked;
  return (
    <header className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex h-14 w-full max-w-5xl items-center gap-6 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-sm text-white">
            e
          </span>
          edgegate
        </Link>
        <Link href="/help" className="text-sm text-slate-600 hover:text-slate-900">
          Help
        </Link>
        {session ? (
          <>
            <Link href="/dashboard" className="text-sm text-slate-600 hover:text-slate-900">
              Dashboard
            </Link>
            <Link href="/account/security" className="text-sm text-slate-600 hover:text-slate-900">
              Security
            </Link>
            {hasRole(session.user.role, "admin") && (
              <Link href="/admin" className="text-sm text-slate-600 hover:text-slate-900">
                Admin
              </Link>
            )}
            <div className="ml-auto flex items-center gap-3">
              <span className="hidden text-sm text-slate-500 sm:inline" data-testid="header-user">
                {session.user.email}
              </span>
              <SignOutButton />
            </div>
          </>
        ) : peeked === "unknown" ? null : (
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
