/** The server's configuration (lib/shared/env.ts), read once per process or Worker isolate. */
import { readServerEnv, type ServerEnv } from "@/lib/shared/env";
import { isWorkerd } from "@/lib/shared/platform";

let env: ServerEnv | undefined;

/** Throws ConfigError naming each bad variable; being unassigned then, it reads again next time. */
export function serverEnv(): ServerEnv {
  env ??= readServerEnv(process.env, { workerd: isWorkerd() });
  return env;
}
