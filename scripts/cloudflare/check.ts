/**
 * `npm run check:cf`: fails when the Cloudflare build (.open-next/) carries a
 * secret (see scripts/cloudflare/secrets.ts). Runs before every preview, deploy and
 * upload, so a build made some other way is caught before it leaves the machine.
 */
import { findBakedSecrets } from "./secrets";

const problems = await findBakedSecrets();
if (problems.length > 0) {
  console.error(`The Cloudflare build is not safe to use:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
console.log("check:cf: no secrets found under .open-next/");
