// SETPOINT_ALLOW_PRIVATE_URLS: the private addresses a deployment does want Setpoint to call (a chat
// server on the office network, a GitHub Enterprise inside the VPC, a test's local receiver).
// Comma-separated entries, each a host name (matched exactly, any case: `localhost`, `ghe.corp`),
// an IP address (`10.1.2.3`, `::1`) or a CIDR block (`10.0.0.0/8`, `fd00::/8`).
import net from "node:net";

export const ALLOW_PRIVATE_URLS = "SETPOINT_ALLOW_PRIVATE_URLS";

export type AllowList = { allowsHost(hostname: string): boolean; allowsAddress(address: string): boolean };

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

// Read on every call: tests (and a restarted process) change it; a wrong entry is said, naming it.
export function privateUrlAllowList(raw = process.env[ALLOW_PRIVATE_URLS] ?? ""): AllowList {
  const hosts = new Set<string>();
  const addresses = new net.BlockList();
  for (const entry of raw
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [base, prefix, extra] = entry.split("/");
    const family = net.isIP(base);
    if (family !== 0 && prefix === undefined) addresses.addAddress(base, family === 4 ? "ipv4" : "ipv6");
    else if (family !== 0 && extra === undefined && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)) {
      addresses.addSubnet(base, Number(prefix), family === 4 ? "ipv4" : "ipv6");
    } else if (prefix === undefined && HOST_NAME.test(hostKey(entry))) hosts.add(hostKey(entry));
    else throw new Error(`${ALLOW_PRIVATE_URLS}: '${entry}' is not a host name, an IP address or a CIDR block (like 10.0.0.0/8 or fd00::/8)`);
  }
  return {
    allowsHost: (hostname) => hosts.has(hostKey(hostname)),
    allowsAddress: (address) => {
      const family = net.isIP(address);
      return family !== 0 && addresses.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

// "LocalHost." and "localhost" are one host.
function hostKey(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, "");
}
