import type { OrganizationRole } from "@/lib/shared/auth/organization-access";

const SELECT = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

/** A labelled choice among the roles the person may give. */
export function RoleSelect({
  id,
  roles,
  defaultValue,
  label = "Role",
}: {
  id: string;
  roles: OrganizationRole[];
  defaultValue: string;
  label?: string;
}) {
  return (
    <div className="flex items-center gap-2 text-sm font-medium text-slate-700">
      <label htmlFor={id}>{label}</label>
      <select id={id} name="role" defaultValue={defaultValue} className={SELECT}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
    </div>
  );
}
