/**
 * A client address as a person reads it. Better Auth stores a session's IPv6
 * address masked to its network and written out in full
 * (`2001:0db8:1234:0000:0000:0000:0000:0000` for a /48), which reads like an
 * error; the security log keeps the address as the platform reported it.
 */

/** The eight 16-bit groups of an IPv6 address, written in full or compressed; null if it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (!/^[0-9a-f:]+$/i.test(address) || address.length > 39) return null;
  const halves = address.split("::");
  if (halves.length > 2) return null;
  const parse = (half: string) => (half === "" ? [] : half.split(":"));
  const [left, right = null] = halves.map(parse);
  const written = [...left!, ...(right ?? [])];
  if (written.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return null;
  const missing = 8 - written.length;
  if (right === null ? missing !== 0 : missing < 1) return null;
  return [...left!, ...Array(right === null ? 0 : missing).fill("0"), ...(right ?? [])].map((g) =>
    Number.parseInt(g, 16),
  );
}

/** RFC 5952's form: lower case, no leading zeros, the longest run of two or more zero groups as `::`. */
function compressed(groups: number[]): string {
  let best = { start: -1, length: 1 };
  for (let start = 0; start < 8; ) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > best.length) best = { start, length: end - start };
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

/**
 * `stored` as people read it: IPv4 as it is; IPv6 compressed, with `/prefix`
 * when the stored value is a network (`2001:db8:1234::/48`); loopback (whose
 * /48 is all zeros) as "this computer"; the private addresses the kit gives a
 * client that sent none (fd00::/8, lib/server/auth/client-ip.ts) as "an
 * unidentified network". Anything else is shown as stored.
 */
export function describeAddress(stored: string, prefixLength?: number): string {
  if (/^127\./.test(stored)) return "this computer";
  const groups = ipv6Groups(stored);
  if (!groups) return stored;
  const loopback = groups.slice(0, 7).every((g) => g === 0) && groups[7]! <= 1;
  if (loopback) return "this computer";
  if (groups[0]! >> 8 === 0xfd) return "an unidentified network";
  const network = prefixLength !== undefined && prefixLength < 128;
  return network ? `${compressed(groups)}/${prefixLength}` : compressed(groups);
}
