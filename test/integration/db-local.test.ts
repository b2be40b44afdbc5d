/**
 * `npm run db:local`: a clear message and nothing left running when its port
 * is taken; the port it is told to use; everything deleted on Ctrl-C.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { freePort } from "../../stand-ins/free-port";

const postgresDirs = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith("edgegate-pg-")));

function dbLocal(...args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/db/local.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output: () => output, exited };
}

describe("npm run db:local", () => {
  it("says which port is taken and how to pick another, and leaves no Postgres behind", async () => {
    const port = await freePort();
    const taken = createServer().listen(port, "127.0.0.1");
    const before = postgresDirs();
    try {
      const run = dbLocal("--port", String(port));
      const timer = setTimeout(() => run.child.kill("SIGKILL"), 60_000);
      expect(await run.exited).toBe(1);
      clearTimeout(timer);
      expect(run.output()).toContain(`port ${port} is already in use`);
      expect(run.output()).toContain(`--port ${port + 1}`);
      expect(run.output()).not.toMatch(/\n\s+at /); // no stack trace
      expect([...postgresDirs()].filter((dir) => !before.has(dir))).toEqual([]);
    } finally {
      taken.close();
    }
  }, 90_000);

  it("listens where it is told, and deletes everything on Ctrl-C", async () => {
    const port = await freePort();
    const before = postgresDirs();
    const run = dbLocal("--port", String(port));
    const deadline = Date.now() + 60_000;
    while (!run.output().includes("DATABASE_URL=") && Date.now() < deadline && run.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(run.output()).toContain(
      `DATABASE_URL=postgres://edgegate:edgegate-local-password@127.0.0.1:${port}/edgegate`,
    );
    expect([...postgresDirs()].filter((dir) => !before.has(dir))).toHaveLength(1);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect([...postgresDirs()].filter((dir) => !before.has(dir))).toEqual([]);
  }, 90_000);

  it("refuses a port that is not one", async () => {
    const run = dbLocal("--port", "99999");
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('the port must be a number from 1 to 65535 (got "99999")');
  });
});
