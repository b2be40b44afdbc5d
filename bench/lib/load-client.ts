/** Runs the load generator (bench/load.ts) in its own process and reads its result. */
import { spawn } from "node:child_process";

export interface LoadResult {
  requestsPerSecond: number;
  latency: { p50: number; p99: number; mean: number };
  total: number;
  errors: number;
  statuses: Record<string, number>;
  /** Mean of the gate's Server-Timing duration per response. */
  gateMs: number | null;
}

export function load(
  url: string,
  headers: Record<string, string>,
  duration: number,
  rotateIp: boolean,
  connections = 10,
  /** Send exactly this many requests and wait for every answer, instead of running for `duration` seconds. */
  amount?: number,
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const spec = JSON.stringify({ url, headers, duration, connections, rotateIp, amount });
    const child = spawn(process.execPath, ["--import", "tsx", "bench/load.ts", spec], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").at(-1)!) as LoadResult)
        : reject(new Error(`load exited ${code}`)),
    );
  });
}
