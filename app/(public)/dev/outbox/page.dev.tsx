import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Metadata } from "next";
import { Card, formatDateTime, PageTitle } from "@/app/components/card";
import { serverEnv } from "@/lib/server/env";
import type { OutboxEntry } from "@/lib/server/mail/transports/outbox";

export const metadata: Metadata = { title: "Development outbox" };
export const dynamic = "force-dynamic";

const LATEST = 50;

async function latestMessages(dir: string): Promise<OutboxEntry[]> {
  const files = await readdir(dir).catch(() => []);
  const newest = files
    .filter((file) => file.endsWith(".json"))
    .sort()
    .reverse()
    .slice(0, LATEST);
  return Promise.all(newest.map(async (file) => JSON.parse(await readFile(join(dir, file), "utf8")) as OutboxEntry));
}

/**
 * The development outbox: messages `npm run dev` would have sent, newest
 * first, with their links. A route only in development builds (its file name
 * ends in .dev.tsx, see next.config.ts).
 */
export default async function OutboxPage() {
  const transport = serverEnv().mail.transport;
  if (transport?.kind !== "outbox") {
    return (
      <PageTitle
        title="Development outbox"
        subtitle={`Mail goes out through ${transport?.kind ?? "nothing"} here, not to the outbox.`}
      />
    );
  }
  const messages = await latestMessages(transport.dir);
  return (
    <>
      <PageTitle
        title="Development outbox"
        subtitle={`The latest messages, kept in ${transport.dir} instead of being sent.`}
      />
      {messages.length === 0 && <p className="text-sm text-slate-600">No messages yet. Sign up to get one.</p>}
      <div className="grid gap-4" data-testid="outbox">
        {messages.map((message) => (
          <Card
            key={message.id}
            title={message.subject}
            description={`To ${message.to} · ${formatDateTime(message.sentAt)}`}
          >
            <ul className="mb-3 space-y-1 text-sm">
              {(message.text.match(/https?:\/\/\S+/g) ?? []).map((link) => (
                <li key={link}>
                  <a href={link} className="break-all font-medium text-brand-600 hover:underline">
                    {link}
                  </a>
                </li>
              ))}
            </ul>
            <pre className="whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-xs text-slate-700">{message.text}</pre>
          </Card>
        ))}
      </div>
    </>
  );
}
