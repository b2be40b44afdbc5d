import type { Metadata } from "next";
import { Card, PageTitle } from "@/app/components/card";
import { SecurityEventList } from "@/app/components/security-events";
import { getDatabase } from "@/lib/server/db/instance";
import { SECURITY_EVENT_TYPES } from "@/lib/server/security-log/events";
import { ADMIN_PAGE_SIZE, findEvents } from "@/lib/server/security-log/queries";
import { readEventSearch, type SearchParams } from "@/lib/server/security-log/search";
import { AdminNav } from "../admin-nav";
import { requireAdmin } from "../require-admin";

export const metadata: Metadata = { title: "Security log" };

const SELECT = "rounded-md border border-slate-300 px-3 py-2 text-sm";

/** Every security event, newest first, filtered by account, kind, outcome and age. */
export default async function SecurityLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireAdmin("/admin/security-log");
  const { values, filter } = readEventSearch(await searchParams);
  const { who, type, outcome, days } = values;
  const events = await findEvents(await getDatabase(), filter);
  return (
    <>
      <PageTitle title="Security log" subtitle={`The newest ${ADMIN_PAGE_SIZE} events that match.`} />
      <AdminNav current="log" />
      <Card title="Filter">
        <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Filter the security log">
          <input
            name="who"
            type="search"
            autoComplete="off"
            defaultValue={who}
            placeholder="Email, user id or organization id"
            aria-label="Email, user id or organization id"
            className={`${SELECT} flex-1`}
          />
          <select name="type" defaultValue={type} aria-label="Event" className={SELECT}>
            <option value="">any event</option>
            {Object.entries(SECURITY_EVENT_TYPES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <select name="outcome" defaultValue={outcome} aria-label="Outcome" className={SELECT}>
            <option value="">successes and failures</option>
            <option value="failure">failures only</option>
            <option value="success">successes only</option>
          </select>
          <select name="days" defaultValue={days} aria-label="Period" className={SELECT}>
            <option value="">any time</option>
            <option value="1">last 24 hours</option>
            <option value="7">last 7 days</option>
            <option value="30">last 30 days</option>
          </select>
          <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white">
            Show
          </button>
        </form>
      </Card>
      <div className="mt-6">
        <Card title="Events">
          <SecurityEventList events={events} showAccount />
        </Card>
      </div>
    </>
  );
}
