/**
 * At most MAILS_PER_RECIPIENT messages of each kind an hour that anyone can
 * cause go to one address, from however many client addresses they are asked
 * for, whatever the endpoint (reset, sign-in link, sign-up for a taken address, resend);
 * the answers stay exactly as they were (no enumeration: held back after the
 * response), and notices of the account's own actions always go.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { MAILS_PER_RECIPIENT } from "@/lib/server/mail/recipient-limit";
import { createTestAuth, type TestAuth } from "../support/auth-instance";
import { TEST_PASSWORD } from "../support/constants";
import { createTestDatabase } from "../support/database";

let t: TestAuth;

beforeAll(async () => {
  const db = await createTestDatabase();
  t = createTestAuth(db.url, { EMAIL_VERIFICATION: "required" });
  for (const email of ["ida@example.com", "jo@example.com"]) {
    expect((await t.request("/sign-up/email", { body: { name: "P", email, password: TEST_PASSWORD } })).status).toBe(
      200,
    );
  }
  await t.auth.$context.then((ctx) =>
    ctx.adapter.updateMany({ model: "user", where: [], update: { emailVerified: true } }),
  );
});

const to = (email: string) => t.mail.sent.filter((mail) => mail.to === email);

/** Every way a stranger can make the app mail an address, each from its own client address. */
const asks = (email: string, i: number) =>
  [
    () => t.request("/request-password-reset", { body: { email }, ip: `10.80.${i}.1` }),
    () => t.request("/sign-in/magic-link", { body: { email }, ip: `10.80.${i}.2` }),
    () =>
      t.request("/sign-up/email", { body: { name: "X", email, password: "another-password-1" }, ip: `10.80.${i}.3` }),
    () => t.request("/send-verification-email", { body: { email }, ip: `10.80.${i}.4` }),
  ] as const;

/** Status and body: what a client learns (sign-up's made-up user has a fresh id and time each time). */
const answer = async (response: Response) =>
  `${response.status} ${await response.text()}`
    .replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"<time>"')
    .replace(/"id":"\w+"/g, '"id":"<id>"');

describe("mail to one address", () => {
  it("holds back all but the limit of each kind strangers ask for, answering every time as before", async () => {
    expect(to("ida@example.com").map((mail) => mail.kind)).toEqual(["verify-email"]);
    const answers: string[][] = [];
    for (let i = 0; i < MAILS_PER_RECIPIENT + 2; i++) {
      const round: string[] = [];
      for (const ask of asks("ida@example.com", i)) round.push(await answer(await ask()));
      answers.push(round);
    }
    const kinds = to("ida@example.com").map((mail) => mail.kind);
    for (const kind of ["reset-password", "magic-link", "sign-up-attempt"]) {
      expect(kinds.filter((k) => k === kind).length, kind).toBe(MAILS_PER_RECIPIENT);
    }
    // The same answers, word for word, for the last round (held back) as for the first (sent).
    expect(answers.at(-1)).toEqual(answers[0]);
  });

  it("lets the owner's reset link through however many sign-ups a stranger tries with the address", async () => {
    const email = "kim@example.com";
    expect((await t.request("/sign-up/email", { body: { name: "K", email, password: TEST_PASSWORD } })).status).toBe(
      200,
    );
    for (let i = 0; i < MAILS_PER_RECIPIENT + 1; i++) {
      const body = { name: "X", email, password: "another-password-1" };
      await t.request("/sign-up/email", { body, ip: `10.82.${i}.1` });
    }
    await t.request("/request-password-reset", { body: { email }, ip: "10.82.99.1" });
    expect(to(email).at(-1)?.kind).toBe("reset-password");
    expect(to(email).filter((mail) => mail.kind === "sign-up-attempt").length).toBe(MAILS_PER_RECIPIENT);
  });

  it("answers the same for an address with no account, and for one not yet limited", async () => {
    const [limited, fresh, unknown] = await Promise.all(
      ["ida@example.com", "jo@example.com", "nobody@example.com"].map((email) =>
        t.request("/request-password-reset", { body: { email }, ip: "10.81.0.1" }).then(answer),
      ),
    );
    expect(limited).toBe(unknown);
    expect(fresh).toBe(unknown);
    expect(to("jo@example.com").map((mail) => mail.kind)).toContain("reset-password");
  });

  it("still sends the owner's notices once the limit is reached: a changed password is told", async () => {
    const cookie = await t.signIn("ida@example.com");
    const changed = await t.request("/change-password", {
      body: { currentPassword: TEST_PASSWORD, newPassword: "a-new-passphrase-2" },
      cookie,
    });
    expect(changed.status).toBe(200);
    expect(to("ida@example.com").at(-1)?.kind).toBe("password-changed");
  });
});
