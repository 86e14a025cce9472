// The addresses Setpoint does not call on a user's behalf (notifications, GitHub's API): anything that
// is not the public internet, where a URL in a spec could reach the runner's own network, its loopback
// services or a cloud's metadata endpoint. IPv6 forms that carry an IPv4 address are judged by it.
import net from "node:net";

type Range = { base: string; prefix: number; what: string };

const V4: Range[] = [
  { base: "0.0.0.0", prefix: 8, what: "an unspecified ('this network') address" },
  { base: "10.0.0.0", prefix: 8, what: "a private address" },
  { base: "100.64.0.0", prefix: 10, what: "a carrier-grade NAT address" },
  { base: "127.0.0.0", prefix: 8, what: "a loopback address" },
  { base: "169.254.0.0", prefix: 16, what: "a link-local address (where cloud metadata services listen)" },
  { base: "172.16.0.0", prefix: 12, what: "a private address" },
  { base: "192.0.0.0", prefix: 24, what: "an IETF protocol address" },
  { base: "192.0.2.0", prefix: 24, what: "a documentation address" },
  { base: "192.168.0.0", prefix: 16, what: "a private address" },
  { base: "198.18.0.0", prefix: 15, what: "a benchmarking address" },
  { base: "198.51.100.0", prefix: 24, what: "a documentation address" },
  { base: "203.0.113.0", prefix: 24, what: "a documentation address" },
  { base: "224.0.0.0", prefix: 4, what: "a multicast address" },
  { base: "240.0.0.0", prefix: 4, what: "a reserved or broadcast address" },
  // Public, but Azure's metadata and DHCP endpoint inside every VM.
  { base: "168.63.129.16", prefix: 32, what: "a cloud metadata address" },
];

const V6: Range[] = [
  { base: "::", prefix: 128, what: "the unspecified address" },
  { base: "::1", prefix: 128, what: "a loopback address" },
  { base: "fe80::", prefix: 10, what: "a link-local address" },
  { base: "fec0::", prefix: 10, what: "a site-local address" },
  // Unique local addresses; AWS's IPv6 metadata service (fd00:ec2::254) is one.
  { base: "fc00::", prefix: 7, what: "a private (unique local) address" },
  { base: "ff00::", prefix: 8, what: "a multicast address" },
  { base: "100::", prefix: 64, what: "a discard address" },
  { base: "2001:db8::", prefix: 32, what: "a documentation address" },
  // Teredo hides an IPv4 address (obfuscated) in its bits; nothing Setpoint calls needs it.
  { base: "2001::", prefix: 32, what: "a Teredo tunnel address" },
  { base: "64:ff9b:1::", prefix: 48, what: "a local-use NAT64 address" },
];

const lists = {
  ipv4: V4.map((range) => ({ ...range, list: blockOf(range, "ipv4") })),
  ipv6: V6.map((range) => ({ ...range, list: blockOf(range, "ipv6") })),
};

function blockOf(range: Range, family: "ipv4" | "ipv6"): net.BlockList {
  const list = new net.BlockList();
  list.addSubnet(range.base, range.prefix, family);
  return list;
}

// Why an IP address may not be called, or null when it is a public one.
export function blockedAddressReason(address: string): string | null {
  const family = net.isIP(address);
  if (family === 4) return lists.ipv4.find((range) => range.list.check(address, "ipv4"))?.what ?? null;
  if (family !== 6) return "not an IP address";
  const embedded = embeddedIpv4(address);
  if (embedded) {
    const why = blockedAddressReason(embedded);
    return why ? `IPv4 ${embedded} written as IPv6, ${why}` : null;
  }
  return lists.ipv6.find((range) => range.list.check(address, "ipv6"))?.what ?? null;
}

// IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4
// (2002:aabb:ccdd::) addresses all lead to an IPv4 address; they are judged as that address.
export function embeddedIpv4(address: string): string | null {
  const words = ipv6Words(address);
  if (!words) return null;
  const zeros = (from: number, to: number) => words.slice(from, to).every((word) => word === 0);
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  if (zeros(0, 5) && words[5] === 0xffff) return v4(words[6], words[7]);
  // ::a.b.c.d, but not :: and ::1, which have names of their own.
  if (zeros(0, 6) && (words[6] !== 0 || words[7] > 1)) return v4(words[6], words[7]);
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6], words[7]);
  if (words[0] === 0x2002) return v4(words[1], words[2]);
  return null;
}

// The eight 16-bit words of an IPv6 address (a zone such as %eth0 is ignored), or null.
function ipv6Words(address: string): number[] | null {
  const bare = address.replace(/%.*$/, "");
  if (net.isIP(bare) !== 6) return null;
  let text = bare.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split(".").map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((word) => parseInt(word, 16)));
  const front = parse(head);
  if (tail === null) return front;
  const back = parse(tail);
  return [...front, ...Array(8 - front.length - back.length).fill(0), ...back];
}
