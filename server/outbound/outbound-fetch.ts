// fetch for the calls Setpoint makes on a user's behalf (notifications, GitHub's API). The socket
// connects through a lookup that resolves the host, refuses it when any address it resolved to is
// private (address-refusal.ts), and hands the socket the very address it checked: no second lookup
// happens between the check and the connection. TLS still verifies the certificate for the host name.
// Redirects are never followed: the answer is returned as it came, and the caller says so.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { Readable } from "node:stream";
import { addressRefusal, OutboundRefused } from "./address-refusal";
import { privateUrlAllowList, type AllowList } from "./private-url-allow-list";

export type OutboundInit = {
  method?: string;
  headers?: Record<string, string> | Headers;
  body?: string | Uint8Array | null;
  signal?: AbortSignal | null;
  timeoutMs?: number;
  // Answers are read into memory by the callers; a host that sends more is cut off.
  maxResponseBytes?: number;
  // Tests stand in for DNS; everything else uses the system's resolver.
  resolve?: Resolve;
};

export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
// Status codes whose answers carry no body, which the Response constructor insists on.
const NO_BODY = new Set([101, 204, 205, 304]);

const systemResolve: Resolve = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export async function outboundFetch(target: string | URL, init: OutboundInit = {}): Promise<Response> {
  const url = new URL(target);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundRefused(`${url.protocol} URLs are not called; only http and https`);
  const allow = privateUrlAllowList();
  // An address written in the URL is connected to without a lookup, so it is checked here.
  const literal = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (net.isIP(literal)) {
    const refusal = addressRefusal(url.hostname, literal, allow);
    if (refusal) throw new OutboundRefused(refusal);
  }
  const timeout = AbortSignal.timeout(init.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  const headers = Object.fromEntries(init.headers instanceof Headers ? init.headers.entries() : Object.entries(init.headers ?? {}));
  const client = url.protocol === "https:" ? https : http;
  return new Promise<Response>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: init.method ?? "GET",
        headers,
        signal,
        agent: false,
        lookup: checkedLookup(allow, init.resolve ?? systemResolve),
      },
      (response) => resolve(toResponse(response, init.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)),
    );
    request.on("error", (error) => reject(signal.aborted ? abortReason(signal) : (refusalIn(error) ?? error)));
    request.end(init.body ?? undefined);
  });
}

// net.connect's lookup: asked for one address or (with autoSelectFamily) all of them.
type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

function checkedLookup(allow: AllowList, resolve: Resolve) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
    resolve(hostname)
      .then((found) => {
        const addresses = found.filter((entry) => !options.family || entry.family === options.family);
        if (addresses.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" });
        // Every address is checked, not just the first: the socket may try any of them.
        for (const { address } of addresses) {
          const refusal = addressRefusal(hostname, address, allow);
          if (refusal) throw new OutboundRefused(refusal);
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, options.all ? [] : ""));
  };
}

function toResponse(response: http.IncomingMessage, maxBytes: number): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) headers.append(response.rawHeaders[i], response.rawHeaders[i + 1]);
  const status = response.statusCode ?? 502;
  if (NO_BODY.has(status)) {
    response.resume();
    return new Response(null, { status, statusText: response.statusMessage, headers });
  }
  let size = 0;
  response.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) response.destroy(new Error(`the answer is larger than ${maxBytes} bytes`));
  });
  return new Response(Readable.toWeb(response) as ReadableStream<Uint8Array>, { status, statusText: response.statusMessage, headers });
}

// The lookup's refusal reaches the request's error as itself, or wrapped (by net, or by a client
// such as Octokit around this fetch).
export function refusalIn(error: unknown): OutboundRefused | null {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof OutboundRefused) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function abortReason(signal: AbortSignal): Error {
  const reason = signal.reason as Error | undefined;
  return reason instanceof Error ? reason : new Error("aborted");
}
