/** A member's role in an organization, as a small label. */
export function RoleBadge({ role }: { role: string }) {
  const tone = role.includes("owner")
    ? "bg-amber-100 text-amber-800"
    : role.includes("admin")
      ? "bg-brand-100 text-brand-700"
      : "bg-slate-100 text-slate-700";
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ${tone}`} data-testid="role">
      {role}
    </span>
  );
}
