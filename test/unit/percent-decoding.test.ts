import { describe, expect, it } from "vitest";
import { percentDecodings } from "@/lib/shared/percent-decoding";

describe("percentDecodings", () => {
  it("returns the value and each further decoding until it stops changing", () => {
    expect(percentDecodings("/plain")).toEqual(["/plain"]);
    expect(percentDecodings("/%61")).toEqual(["/%61", "/a"]);
    expect(percentDecodings("/%2561")).toEqual(["/%2561", "/%61", "/a"]);
  });

  it("refuses a malformed escape", () => {
    expect(percentDecodings("/%E0%A4%A")).toBeNull();
    expect(percentDecodings("/%")).toBeNull();
  });

  it("refuses a value still changing at the third decode (deliberately layered)", () => {
    expect(percentDecodings("/%252561")).toBeNull();
    expect(percentDecodings("/%25252561")).toBeNull();
  });
});
