import Link from "next/link";

/** Between the console's two views. */
export function AdminNav({ current }: { current: "users" | "log" }) {
  const item = (href: string, label: string, active: boolean) => (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
    >
      {label}
    </Link>
  );
  return (
    <nav className="mb-6 flex gap-2" aria-label="Admin">
      {item("/admin", "Users", current === "users")}
      {item("/admin/security-log", "Security log", current === "log")}
    </nav>
  );
}
