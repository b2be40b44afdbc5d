/**
 * `npm run check:cf`: fails when the Cloudflare build (.open-next/) carries a
 * secret (see scripts/cloudflare/secrets.ts). The same check ends
 * `npm run build:cf` (so also deploy:cf and upload:cf) and starts preview:cf;
 * this runs it on its own, for a build made some other way.
 */
import { findBakedSecrets } from "./secrets";

const problems = await findBakedSecrets();
if (problems.length > 0) {
  console.error(`The Cloudflare build is not safe to use:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
console.log("check:cf: no secrets found under .open-next/");
