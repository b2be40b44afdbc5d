/**
 * The mailer schedules and never blocks or throws; delivery and failure are
 * logged with the message's id. Run against the real development outbox
 * (a temporary folder) and a Resend endpoint that refuses.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyEmailMail } from "@/lib/server/mail/compose";
import { createMailer } from "@/lib/server/mail/mailer";
import type { MailEnv } from "@/lib/shared/env";

const mail = verifyEmailMail(
  "ann@example.com",
  "Ann <script>",
  "http://localhost:3000/verify-email?token=abc&callbackUrl=%2Fdashboard",
);

function scheduler() {
  const tasks: (() => Promise<void>)[] = [];
  return {
    schedule: (task: () => Promise<void>) => void tasks.push(task),
    run: () => Promise.all(tasks.map((t) => t())),
  };
}

afterEach(() => vi.restoreAllMocks());

describe("createMailer", () => {
  it("only schedules: nothing is delivered until the scheduled work runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "edgegate-outbox-"));
    const { schedule, run } = scheduler();
    const config: MailEnv = {
      transport: { kind: "outbox", dir },
      from: "edgegate <no-reply@localhost>",
      emailVerification: true,
    };
    vi.spyOn(console, "log").mockImplementation(() => {});
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    createMailer(config, schedule).send(mail);
    expect(readdirSync(dir)).toEqual([]);
    await run();
    const [file] = readdirSync(dir);
    const entry = JSON.parse(readFileSync(join(dir, file!), "utf8"));
    expect(entry).toMatchObject({ to: "ann@example.com", from: "edgegate <no-reply@localhost>", kind: "verify-email" });
    expect(entry.text).toContain("http://localhost:3000/verify-email?token=abc");
    expect(info.mock.calls[0]?.[0]).toMatch(new RegExp(`^\\[mail\\] verify-email ${entry.id} sent via outbox`));
  });

  it("logs a failed delivery with the message id, and throws nothing", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(422, { "content-type": "application/json" });
      res.end(JSON.stringify({ statusCode: 422, name: "validation_error", message: "The `to` field is invalid." }));
    }).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const apiUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const { schedule, run } = scheduler();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const config: MailEnv = {
      transport: { kind: "resend", apiKey: "re_x", apiUrl },
      from: "a@example.com",
      emailVerification: true,
    };
    createMailer(config, schedule).send(mail);
    await run();
    server.close();
    expect(error.mock.calls[0]?.[0]).toMatch(
      /^\[mail\] verify-email [0-9a-f-]{36} could not be sent: Resend answered 422: The `to` field is invalid\.$/,
    );
  });

  it("logs a message it cannot send for want of a transport", async () => {
    const { schedule, run } = scheduler();
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    createMailer({ transport: null, from: "a@example.com", emailVerification: false }, schedule).send(mail);
    await run();
    expect(error.mock.calls[0]?.[0]).toMatch(/not sent: no mail transport is configured/);
  });
});

describe("messages", () => {
  it("carry a text and an HTML part, with the link, and escape what users typed", () => {
    expect(mail.text).toContain("Hello Ann <script>,");
    expect(mail.html).toContain("Hello Ann &lt;script&gt;,");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain('href="http://localhost:3000/verify-email?token=abc&amp;callbackUrl=%2Fdashboard"');
    expect(mail.text).toMatch(/If you did not create an account/);
  });
});
