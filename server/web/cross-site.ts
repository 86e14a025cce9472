// Another site's page may make a browser send a form or a fetch here, cookie included (SameSite=Lax
// still sends it on a top-level form POST from a sibling subdomain, and sign-in needs no cookie at
// all). This says whether a state-changing request came from somewhere else, by the rule of Go's
// net/http CrossOriginProtection: `Sec-Fetch-Site` (sent by every current browser) must be
// `same-origin` or `none` (the person typed it); without it, `Origin`, when present, must name this
// host; a request with neither came from no browser page, so no other site made it.
import { publicUrl } from "../config";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function crossSiteProblem(request: Request): string | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  if (site === "same-origin" || site === "none") return null;
  // An older browser sends only Origin, which must be this host as the browser named it.
  if (site === null && (origin === null || hostOf(origin) === request.headers.get("host"))) return null;
  // The address people are told to use (SETPOINT_PUBLIC_URL), in front of a proxy that renames the host.
  if (origin !== null && originOf(origin) === new URL(publicUrl()).origin) return null;
  const from = origin ?? `a page of another site (Sec-Fetch-Site: ${site})`;
  return `refused a cross-site request from ${JSON.stringify(from.slice(0, 200))}: the dashboard's session acts only on requests from Setpoint's own pages; scripts send an API token (Authorization: Bearer)`;
}

// "null" (a sandboxed frame, a redirect across sites) and garbage name no host.
function hostOf(origin: string): string | null {
  return URL.canParse(origin) ? new URL(origin).host : null;
}

function originOf(origin: string): string | null {
  return URL.canParse(origin) ? new URL(origin).origin : null;
}
