// A webhook's URL often is its secret (Slack's path, a token in the query): lists and messages show
// where it goes, not the whole address.
export function webhookOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname === "/" && !parsed.search ? parsed.origin : `${parsed.origin}/…`;
  } catch {
    return "(invalid URL)";
  }
}

// Where a delivery goes, as lists and messages show it; a pull request's API address (…/repos/owner/name)
// holds no secret and is shown whole.
export function deliveryTarget(row: { kind: string; url: string }): string {
  return row.kind === "pullRequest" ? row.url : webhookOrigin(row.url);
}
