import type { ReactNode } from "react";

export function Card({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <section className="min-w-0 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 className="text-base font-semibold">{title}</h2>
      {description && <p className="mt-1 text-sm text-slate-500">{description}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}

export function PageTitle({ title, subtitle }: { title: string; subtitle?: string }) {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      {subtitle && <p className="mt-1 text-sm text-slate-500">{subtitle}</p>}
    </div>
  );
}

export function Details({ items }: { items: [label: string, value: ReactNode, testId: string][] }) {
  return (
    <dl className="divide-y divide-slate-100 text-sm">
      {items.map(([label, value, testId]) => (
        <div key={label} className="grid grid-cols-3 gap-4 py-2.5">
          <dt className="text-slate-500">{label}</dt>
          <dd className="col-span-2 min-w-0 font-medium wrap-anywhere text-slate-900" data-testid={testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function formatDateTime(value: Date | string): string {
  return `${new Date(value).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}
