import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The JavaScript file behind a package's command, to run with this very Node
 * (`process.execPath`: the project's Node 22, which wrangler requires) instead
 * of whatever `node` a shebang would find on PATH.
 */
export function packageBin(pkg: string, command: string): string {
  const dir = join(process.cwd(), "node_modules", ...pkg.split("/"));
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin?.[command];
  if (!bin) throw new Error(`${pkg} has no "${command}" command: run \`npm install\``);
  return join(dir, bin);
}
