/**
 * An exclusive, per-directory process lock. PGlite has no cross-process
 * locking: two processes writing one data directory silently lose writes or
 * corrupt it, so the second one must be refused with a clear message.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export class LockHeldError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database is already open in another process (pid ${holderPid}). ` +
        `PGlite cannot be shared between processes: stop that process, or set DATABASE_URL to use Postgres. ` +
        `If no such process is running, delete ${lockPath}.`,
    );
    this.name = "LockHeldError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(lockPath: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockPath, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock or throws LockHeldError; returns the release function. */
export function acquireProcessLock(lockPath: string): () => void {
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => rmSync(lockPath, { force: true });
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(lockPath);
      if (holder === process.pid) return () => {}; // re-entry in this process (e.g. dev hot reload)
      if (holder !== undefined && isAlive(holder)) throw new LockHeldError(lockPath, holder);
      rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not take the lock ${lockPath}: it keeps being recreated by another process.`);
}
