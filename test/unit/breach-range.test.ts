import { describe, expect, it } from "vitest";
import { timesSeen } from "@/lib/server/auth/breached-passwords";

const SUFFIX = "0018A45C4D1DEF81644B54AB7F969B88D65";

describe("reading a range answer", () => {
  it("finds the suffix in any case, with CRLF or LF between lines", () => {
    expect(timesSeen(`00000000000000000000000000000000001:3\r\n${SUFFIX}:42\r\nFFFFF:1`, SUFFIX)).toBe(42);
    expect(timesSeen(`${SUFFIX.toLowerCase()}:7\n`, SUFFIX)).toBe(7);
  });

  it("counts a padding line (count 0) and an empty answer as not seen", () => {
    expect(timesSeen(`${SUFFIX}:0`, SUFFIX)).toBe(0);
    expect(timesSeen("", SUFFIX)).toBe(0);
  });

  it("refuses a count that is not a number rather than guess", () => {
    expect(() => timesSeen(`${SUFFIX}:many`, SUFFIX)).toThrow("malformed count");
  });
});
