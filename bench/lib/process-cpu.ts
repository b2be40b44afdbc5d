/**
 * CPU time used by the app's server, from /proc (Linux): the sum over every
 * thread of its time on a CPU, in nanoseconds (/proc/<pid>/task/<tid>/schedstat),
 * rather than utime/stime, which are counted in 10 ms ticks.
 *
 * Which processes count: on next start, the whole process tree (Next's server
 * is Node); on workerd, only the workerd process that runs the Worker (the one
 * wrangler starts with an inspector). wrangler's Node process and its second
 * workerd, which accepts connections on the public port and forwards them, are
 * local development machinery that a deployed Worker does not run on.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Target } from "../../test/support/app-server";

function children(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The field after the command name, which is in parentheses and may contain spaces.
      const ppid = Number(raw.slice(raw.lastIndexOf(")") + 2).split(" ")[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  return byParent;
}

function tree(pid: number): number[] {
  const byParent = children();
  const found = [pid];
  for (let i = 0; i < found.length; i++) found.push(...(byParent.get(found[i]!) ?? []));
  return found;
}

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return [];
  }
}

const runsTheWorker = (args: string[]) =>
  args[0]?.endsWith("/workerd") === true && args.some((arg) => arg.startsWith("--inspector-addr"));

function threadsCpuNs(pid: number): number {
  let total = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // the thread ended while we looked
      }
    }
  } catch {
    // the process ended while we looked
  }
  return total;
}

/** The processes that serve requests for `target`, under the spawned process `pid`. */
export function serverProcesses(pid: number, target: Target): number[] {
  const all = tree(pid);
  if (target === "next") return all;
  const workerd = all.filter((p) => runsTheWorker(commandLine(p)));
  if (workerd.length !== 1)
    throw new Error(`expected one workerd running the Worker under ${pid}, found ${workerd.length}`);
  return workerd;
}

/** Milliseconds of CPU used so far by the given processes. */
export function cpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + threadsCpuNs(pid), 0) / 1e6;
}
