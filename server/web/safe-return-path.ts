// Where a sign-in, a refusal or a redirect may send someone back to: only a path on this site, judged as
// the browser will read it. Browsers drop ASCII tabs and newlines anywhere in a URL and trim C0 controls
// and spaces at its ends, and read `\` as `/`, so `/\t/evil.example` is `//evil.example`, another host.
// The candidate is resolved the browser's way (WHATWG URL) and kept only when it stays on our origin;
// what is returned is that resolved path, so the Location a browser follows is the one judged here.
const BASE = "http://setpoint.invalid"; // any origin will do: a path-absolute reference keeps its base's origin

export function safeReturnPath(candidate: string | null | undefined): string {
  if (typeof candidate !== "string") return "/";
  const cleaned = candidate.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  // A path, not a URL: `//host`, `/\host` (and their mixes) name another host.
  if (!cleaned.startsWith("/") || /^\/[/\\]/.test(cleaned) || cleaned.includes("\\")) return "/";
  let url: URL;
  try {
    url = new URL(cleaned, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = url.pathname + url.search + url.hash;
  // Dot segments can still make `//` (`/.//host` resolves to the path `//host`), which a Location would read as a host.
  return path.startsWith("//") ? "/" : path;
}
