// An address no page can answer: a malformed %-escape (which Next would turn into a bare 500) or a
// NUL character (which Postgres cannot compare). Says what is wrong with it, or null when it is fine.
export function malformedAddress(url: URL): string | null {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return "it holds a '%' that is not followed by two hexadecimal digits (a malformed escape)";
  }
  if (path.includes("\u0000") || [...url.searchParams].some(([key, value]) => `${key}${value}`.includes("\u0000"))) {
    return "it holds a NUL character (%00), which no name, filter or number can contain";
  }
  return null;
}

// A small page of its own: the address never reaches the app's pages.
export function malformedAddressPage(problem: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Malformed address · Setpoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1.5rem;color:#0f172a}p.code{font-size:.8rem;letter-spacing:.05em;text-transform:uppercase;color:#64748b}a{color:#2563eb}@media (prefers-color-scheme:dark){body{background:#020617;color:#f1f5f9}}</style>
</head><body><p class="code">400 · malformed address</p><h1>This address cannot be read</h1>
<p>The address was refused because ${problem}. Check the link you followed or what was typed.</p>
<p><a href="/">Go to the board</a></p></body></html>`;
  return new Response(html, { status: 400, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
