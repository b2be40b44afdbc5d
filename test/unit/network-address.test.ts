import { describe, expect, it } from "vitest";
import { describeAddress } from "@/app/components/network-address";

describe("describeAddress", () => {
  it("prints a stored /48 compressed, as a network", () => {
    expect(describeAddress("2001:0db8:1234:0000:0000:0000:0000:0000", 48)).toBe("2001:db8:1234::/48");
    expect(describeAddress("2a00:1450:4001:0000:0000:0000:0000:0000", 48)).toBe("2a00:1450:4001::/48");
  });

  it("compresses a whole address the RFC 5952 way", () => {
    expect(describeAddress("2001:db8:1234:5678::1")).toBe("2001:db8:1234:5678::1");
    expect(describeAddress("2001:0DB8:0000:0000:0001:0000:0000:0001")).toBe("2001:db8::1:0:0:1");
    expect(describeAddress("2001:db8:0:1:1:1:1:1")).toBe("2001:db8:0:1:1:1:1:1"); // one zero group stays
    expect(describeAddress("fe80:0000:0000:0000:0000:0000:0000:0000", 48)).toBe("fe80::/48");
  });

  it("calls loopback this computer, in full, compressed or masked to /48", () => {
    expect(describeAddress("::1")).toBe("this computer");
    expect(describeAddress("0000:0000:0000:0000:0000:0000:0000:0000", 48)).toBe("this computer");
    expect(describeAddress("127.0.0.1")).toBe("this computer");
  });

  it("names the kit's stand-in for a client without an address", () => {
    expect(describeAddress("fd3a:91c2:0e4f:0000:0000:0000:0000:0000", 48)).toBe("an unidentified network");
  });

  it("shows IPv4 and anything it cannot read as stored", () => {
    expect(describeAddress("198.51.100.7")).toBe("198.51.100.7");
    for (const odd of ["", "not an address", "1::2::3", "1:2:3:4:5:6:7:8:9", "12345::", "::1:2:3:4:5:6:7:8"]) {
      expect(describeAddress(odd)).toBe(odd);
    }
  });
});
