/**
 * Names in mail are typed by whoever holds a session, possibly a thief: they
 * must not shape the message around them (issue 16: newlines let a thief
 * write the greeting of the owner's warning).
 */
import { describe, expect, it } from "vitest";
import { emailChangedMail, neutralise, verifyEmailMail } from "@/lib/server/mail/compose";

describe("names in messages", () => {
  it("become one plain line: no newlines, line separators or direction overrides", () => {
    expect(neutralise("Ann,\r\n\r\nIgnore\u2028the\u2029rest\u202e\u0000 ok")).toBe("Ann, Ignore the rest ok");
  });

  it("are cut short enough that they cannot carry a message of their own", () => {
    const cut = neutralise("x".repeat(12_000));
    expect(cut.length).toBe(64);
    expect(cut.endsWith("…")).toBe(true);
  });

  it("greet in one line, in the text and (escaped) in the HTML", () => {
    const mail = verifyEmailMail("ann@example.com", "Ann\n\nYour account is safe, <b>ignore</b> this", "http://x/");
    expect(mail.text.split("\n\n")[0]).toBe("Hello Ann Your account is safe, <b>ignore</b> this,");
    expect(mail.html).toContain("Hello Ann Your account is safe, &lt;b&gt;ignore&lt;/b&gt; this,");
  });

  it("never appear in the warning the old address gets, which says what still signs in", () => {
    const mail = emailChangedMail(
      "ann@example.com",
      "thief@evil.example",
      { password: true, passkey: false, providers: ["GitHub"] },
      "http://localhost:3000/sign-in",
    );
    expect(mail.text.startsWith("Hello,\n\n")).toBe(true);
    expect(mail.text).toContain("typing thief@evil.example as the email");
    expect(mail.text).toContain("or with GitHub");
    expect(mail.text).not.toContain("passkey");
  });
});
