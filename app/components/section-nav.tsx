import Link from "next/link";

export interface SectionLink {
  href: string;
  label: string;
  current: boolean;
}

/** Links between the pages of one section (the admin console, an organization); the current one is marked. */
export function SectionNav({ label, links }: { label: string; links: SectionLink[] }) {
  return (
    <nav className="mb-6 flex flex-wrap gap-2" aria-label={label}>
      {links.map(({ href, label: text, current }) => (
        <Link
          key={href}
          href={href}
          aria-current={current ? "page" : undefined}
          className={`rounded-md px-3 py-1.5 text-sm font-medium ${current ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
        >
          {text}
        </Link>
      ))}
    </nav>
  );
}
