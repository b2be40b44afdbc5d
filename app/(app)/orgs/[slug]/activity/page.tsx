import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/app/components/card";
import { getDatabase } from "@/lib/server/db/instance";
import { accountsByIds, organizationActivity } from "@/lib/server/security-log/queries";
import { OrganizationNav } from "../organization-nav";
import { requireMembership } from "../require-membership";
import { ActivityList } from "./activity-list";

export const metadata: Metadata = { title: "Activity" };

const PAGE_SIZE = 50;

/** `?before=` as the page's own "Older" link writes it; anything else is the newest page. */
function readBefore(value: string | string[] | undefined): Date | undefined {
  const date = typeof value === "string" ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * The organization's security events, for its owners and admins. The gate
 * decided first (`fresh`, activity:read); the page asks the database again:
 * not a member or no such organization → 404, no permission → 403. The events
 * are read by the organization id of that membership, never one from the URL.
 */
export default async function ActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { organization, member } = await requireMembership(slug, "/activity", {
    permission: "activity:read",
    fresh: true,
  });

  const db = await getDatabase();
  const events = await organizationActivity(db, organization.id, {
    limit: PAGE_SIZE,
    before: readBefore((await searchParams).before),
  });
  const people = await accountsByIds(
    db,
    events.flatMap((event) => [event.userId, event.actorId]).filter((id): id is string => id !== null),
  );
  const oldest = events.at(-1);
  return (
    <>
      <PageTitle title={`${organization.name}: activity`} subtitle={`/orgs/${organization.slug}`} />
      <OrganizationNav slug={slug} role={member.role} current="activity" />
      <Card
        title="Activity"
        description="Who was invited, joined, left or was removed, role changes and renames, newest first."
      >
        <ActivityList events={events} people={people} />
        {events.length === PAGE_SIZE && oldest && (
          <Link
            href={`/orgs/${organization.slug}/activity?before=${encodeURIComponent(oldest.createdAt.toISOString())}`}
            className="mt-4 inline-block text-sm font-medium text-brand-600"
          >
            Older
          </Link>
        )}
      </Card>
    </>
  );
}
