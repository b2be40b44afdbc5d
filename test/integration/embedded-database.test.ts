/**
 * The zero-set-up database: PGlite on disk, migrated on first open, data kept
 * across restarts, and refused (not corrupted) when a second process opens it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createAuth } from "@/lib/server/auth/config";
import { openDatabase } from "@/lib/server/db";
import { openEmbedded } from "@/lib/server/db/embedded";
import { LockHeldError } from "@/lib/server/db/process-lock";
import { stopProcess } from "../support/app-server";
import { testEnv } from "../support/auth-instance";
import { TEST_PASSWORD } from "../support/constants";
import { RecordingMailer } from "../support/recording-mailer";
import { testSecurityLog } from "../support/test-security-log";

const root = mkdtempSync(join(tmpdir(), "edgegate-embedded-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function holdInChild(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/hold-embedded.ts", dir], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => String(chunk).includes("ready") && resolve(child));
    child.once("exit", (code) => reject(new Error(`holder exited with ${code}`)));
  });
}

describe("embedded database (no DATABASE_URL)", () => {
  const dir = join(root, "pglite");

  it("is chosen when DATABASE_URL is unset, migrates itself, and keeps data across a restart", async () => {
    const db = await openDatabase({ databaseUrl: undefined, databaseTimeoutMs: 5000, embeddedDataDir: dir });
    const auth = createAuth(db, testEnv(), {
      mailer: new RecordingMailer(),
      securityLog: testSecurityLog(db),
      schedule: (task) => void task(),
    });
    const signUp = await auth.api.signUpEmail({
      body: { name: "Dev", email: "dev@example.com", password: TEST_PASSWORD },
    });
    expect(signUp.user.email).toBe("dev@example.com");
    await (await openEmbedded(dir)).close(); // as a process exit would

    const reopened = await openEmbedded(dir);
    const { rows } = await reopened.db.execute<{ email: string }>(`select email from "user"`);
    expect(rows.map((r) => r.email)).toEqual(["dev@example.com"]);
    await reopened.close();
  }, 60_000);

  it("refuses a second process with a message naming the holder, and recovers once it is gone", async () => {
    const holder = await holdInChild(dir);
    const refused = await openEmbedded(dir).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(LockHeldError);
    expect((refused as Error).message).toContain(`another process (pid ${holder.pid})`);
    expect((refused as Error).message).toContain("DATABASE_URL");

    // A crash leaves the lock file behind; a dead holder's lock is taken over.
    holder.kill("SIGKILL");
    await stopProcess(holder);
    const handle = await openEmbedded(dir);
    const { rows } = await handle.db.execute<{ n: number }>(`select count(*)::int as n from "user"`);
    expect(rows[0]!.n).toBe(1);
    await handle.close();
  }, 60_000);
});
