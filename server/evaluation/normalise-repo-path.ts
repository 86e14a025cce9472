// Policy globs are matched against one spelling of each path: "./a", "a//b" and "a\b" all mean
// "a/b". A path that is absolute or climbs out with ".." cannot be judged, so it is refused.
export type RepoPath = { ok: true; path: string } | { ok: false; reason: string };

export function normaliseRepoPath(raw: string): RepoPath {
  const path = renamedTo(raw).replace(/\\/g, "/");
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

// git's rename notation, "old => new" or "src/{old => new}/a.js": a rename counts as its new path.
function renamedTo(path: string): string {
  const braced = /^(.*)\{([^{}]*) => ([^{}]*)\}(.*)$/.exec(path);
  if (braced) return `${braced[1]}${braced[3]}${braced[4]}`;
  const arrow = path.indexOf(" => ");
  return arrow >= 0 ? path.slice(arrow + 4) : path;
}
