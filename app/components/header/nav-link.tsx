"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** A link's look in the header's navigation: a row in the phone's menu, inline from lg up. */
const NAV_LINK = "block rounded-md py-2 text-sm text-slate-600 hover:text-slate-900 lg:py-0";

/** A link in the header's navigation, marked as the current page for screen readers when it is. */
export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const current = usePathname() === href;
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`${NAV_LINK} ${current ? "font-medium text-slate-900" : ""}`}
    >
      {children}
    </Link>
  );
}
