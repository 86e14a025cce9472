// Policy globs are matched against the normal spelling of each path: "./a", "a//b" and "x/../a" all
// mean "a". A path that is absolute or climbs out with ".." cannot be judged, so it is refused.
// Git separates with "/" only: a "\" is part of a name on Linux, and a separator once the repository is
// checked out on Windows, so a path holding one has two spellings, and the policy judges both (the
// Windows one first: it is the one people write).
export type RepoPath = { ok: true; path: string } | { ok: false; reason: string };

export function normaliseRepoPath(raw: string): RepoPath {
  return normalise(raw.replace(/\\/g, "/"));
}

export function repoPathSpellings(raw: string): RepoPath[] {
  const asGit = normalise(raw);
  const asWindows = normaliseRepoPath(raw);
  const same = asGit.ok ? asWindows.ok && asWindows.path === asGit.path : !asWindows.ok && asWindows.reason === asGit.reason;
  return same ? [asGit] : [asWindows, asGit];
}

function normalise(path: string): RepoPath {
  if (path.startsWith("/") || /^[A-Za-z]:(\/|$)/.test(path)) return { ok: false, reason: "is an absolute path, outside the repository" };
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") segments.push(segment);
    else if (segments.length > 0) segments.pop();
    else return { ok: false, reason: "climbs out of the repository with '..'" };
  }
  if (segments.length === 0) return { ok: false, reason: "does not name a file in the repository" };
  return { ok: true, path: segments.join("/") };
}
