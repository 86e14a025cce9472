// Whether Setpoint may call a host at an address, said in words when it may not. Used at apply (for a
// URL whose host is an address or `localhost`, known without DNS) and by every outgoing connection
// (for each address the host resolved to, before connecting to it).
import net from "node:net";
import { blockedAddressReason, embeddedIpv4 } from "./blocked-address";
import { ALLOW_PRIVATE_URLS, privateUrlAllowList, type AllowList } from "./private-url-allow-list";

// A call refused for where it leads: final, never retried.
export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefused";
  }
}

export function addressRefusal(hostname: string, address: string, allow: AllowList): string | null {
  if (allow.allowsHost(hostname)) return null;
  const why = blockedAddressReason(address);
  if (why === null) return null;
  const embedded = embeddedIpv4(address);
  if (allow.allowsAddress(address) || (embedded !== null && allow.allowsAddress(embedded))) return null;
  const host = bare(hostname);
  const where = host === address ? address : `${host} resolves to ${address}`;
  return `${where}, ${why}: Setpoint does not call private, loopback, link-local or metadata addresses on a goal's behalf unless ${ALLOW_PRIVATE_URLS} lists them`;
}

// What can be judged from the URL alone: an address written in it (in any spelling the URL standard
// reads, such as 0x7f.1 or 2130706433), or a name that always means this machine.
export function literalUrlProblem(url: string, allow: AllowList = privateUrlAllowList()): string | null {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return null; // the schema says what is wrong with it
  }
  const host = bare(hostname);
  if (net.isIP(host)) return addressRefusal(hostname, host, allow);
  const name = host.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return addressRefusal(hostname, "127.0.0.1", allow);
  return null;
}

// URL hosts write IPv6 addresses in brackets.
function bare(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, "$1");
}
