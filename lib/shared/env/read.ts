/**
 * The pieces every configuration reader uses. Readers collect problems
 * instead of throwing at the first one, because a deploy that fails one
 * variable at a time wastes a round trip each; ConfigError reports them all.
 */
import { isLoopbackHost } from "@/lib/shared/loopback";

export type EnvSource = Record<string, string | undefined>;
export type Problems = string[];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`edgegate configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function throwIfAny(problems: Problems): void {
  if (problems.length > 0) throw new ConfigError(problems);
}

/** The trimmed value, or undefined when unset or blank. */
export function readText(source: EnvSource, name: string): string | undefined {
  return source[name]?.trim() || undefined;
}

export function readInteger(
  source: EnvSource,
  name: string,
  fallback: number,
  range: { min: number; max: number },
  problems: Problems,
): number {
  const raw = readText(source, name);
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    problems.push(`${name} must be a whole number from ${range.min} to ${range.max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

export function readChoice<T extends string>(
  source: EnvSource,
  name: string,
  choices: readonly T[],
  fallback: T,
  problems: Problems,
): T {
  const raw = readText(source, name);
  if (!raw) return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as T;
  problems.push(`${name} must be one of ${choices.map((c) => `"${c}"`).join(", ")} (got "${raw}")`);
  return fallback;
}

/**
 * An https:// URL (http:// only on loopback, for local stand-ins), or
 * undefined with a problem recorded.
 */
export function readHttpUrl(source: EnvSource, name: string, problems: Problems): URL | undefined {
  const raw = readText(source, name);
  if (!raw) return undefined;
  if (!URL.canParse(raw)) {
    problems.push(`${name} is not a URL (got "${raw}")`);
    return undefined;
  }
  const url = new URL(raw);
  if (url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname))) return url;
  problems.push(`${name} must use https:// (http:// only for localhost) (got "${raw}")`);
  return undefined;
}
