/**
 * Runs the production build on a free port, with a real database URL, and
 * stops it (by PID) afterwards. E2E_TARGET picks the runtime, so one suite
 * covers both: `next` (default: `next start`, Node) or `workerd` (the
 * OpenNext build in `npm run preview:cf`, i.e. wrangler dev on workerd).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "../../stand-ins/free-port";
import { TEST_SECRET } from "./constants";

export interface RunningApp {
  baseURL: string;
  port: number;
  /** The spawned process (its children are the server on workerd). */
  pid: number;
  /** Everything the server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface AppOptions {
  databaseUrl?: string;
  env?: Record<string, string | undefined>;
  /** Defaults to E2E_TARGET. */
  target?: Target;
  /** A port reserved in advance (freePort), when something must know the app's URL before it starts. */
  port?: number;
  /** The checkout whose build is served; defaults to E2E_APP_DIR. */
  appDir?: string;
}

function appEnv(port: number, options: AppOptions): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    BETTER_AUTH_SECRET: TEST_SECRET,
    BETTER_AUTH_URL: `http://localhost:${port}`,
    DATABASE_URL: options.databaseUrl,
    // The tests cannot reach the Pwned Passwords API; the ones about it start the stand-in and switch it on.
    PASSWORD_BREACH_CHECK: "off",
    ...options.env,
  };
}

export type Target = "next" | "workerd";

export const E2E_TARGET: Target = process.env.E2E_TARGET === "workerd" ? "workerd" : "next";

/**
 * The checkout whose build is served: this one, or a variant of it that a
 * project's global setup made (test/support/proxy-checkout.ts: the gate in proxy.ts).
 */
export const E2E_APP_DIR = process.env.E2E_APP_DIR ?? ".";

function command(target: Target, port: number): string[] {
  return target === "workerd"
    ? ["--import", "tsx", "scripts/cloudflare/preview.ts", "--no-build"]
    : ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "localhost"];
}

function spawnServer(port: number, options: AppOptions): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, command(options.target ?? E2E_TARGET, port), {
    cwd: options.appDir ?? E2E_APP_DIR,
    env: { ...appEnv(port, options), PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** Starts the server process; resolves once it answers HTTP. */
export async function startApp(options: AppOptions): Promise<RunningApp> {
  const port = options.port ?? (await freePort());
  const { child, output } = spawnServer(port, options);
  const baseURL = `http://localhost:${port}`;
  await waitForHttp(baseURL, child, output);
  return { baseURL, port, pid: child.pid!, output, stop: () => stopProcess(child) };
}

async function waitForHttp(baseURL: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      await fetch(`${baseURL}/favicon.ico`, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await stopProcess(child);
  throw new Error(`server did not answer within 90 s:\n${output()}`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/** Starts the server expecting it to refuse to start; resolves with its exit code and output. */
export async function startAppExpectingFailure(options: AppOptions): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnServer(options.port ?? (await freePort()), options);
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, output: output() };
}
