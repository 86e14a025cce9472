// SETPOINT_REPO_ROOTS: the only places a goal's workspace.repo may be. Comma-separated (URLs hold colons),
// each a local folder or a git URL prefix; unset or empty, every repository is allowed.
// A local path (and a file:// URL) is judged by its real path, so neither ".." nor a symlink leads out
// of a root; a remote URL is judged on its scheme, host and path, and may not climb with "..".
// A file:// URL may not climb either: the URL parser folds "link/.." away as text, while git would
// follow the link first and land beside its target.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isGitUrl } from "./is-git-url";

export type RepoRoots = { entries: string[]; folders: string[]; prefixes: string[] };

export function parseRepoRoots(raw: string | undefined): RepoRoots | null {
  const entries = (raw ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const folders: string[] = [];
  const prefixes: string[] = [];
  for (const entry of entries) {
    const local = localPath(entry);
    if (local !== null) folders.push(realPathOf(local.path));
    else {
      const remote = remoteForm(entry);
      if (!remote.ok) throw new Error(`SETPOINT_REPO_ROOTS: '${entry}' ${remote.reason}`);
      prefixes.push(remote.form);
    }
  }
  return { entries, folders, prefixes };
}

export function repoRoots(): RepoRoots | null {
  return parseRepoRoots(process.env.SETPOINT_REPO_ROOTS);
}

// Null when allowed; otherwise why not, naming the allowed roots.
export function repoOutsideRoots(repo: string, roots: RepoRoots | null): string | null {
  const verdict = judgeRepo(repo, roots);
  return verdict.allowed ? null : verdict.why;
}

// What a runner hands git is the real path that was judged (as a file:// URL for a URL), so a symlink
// that git would resolve its own way, or one changed since, cannot lead it anywhere but where was checked.
export type RepoVerdict = { allowed: true; source: string } | { allowed: false; why: string };

export function judgeRepo(repo: string, roots: RepoRoots | null): RepoVerdict {
  if (!roots) return { allowed: true, source: repo };
  const allowed = `the allowed roots (SETPOINT_REPO_ROOTS) are ${roots.entries.join(", ")}`;
  const local = localPath(repo);
  if (local !== null) {
    if (local.url && climbs(local.written)) return { allowed: false, why: `${repo} ${CLIMBS}; ${allowed}` };
    const real = realPathOf(local.path);
    if (!roots.folders.some((root) => isInside(real, root)))
      return { allowed: false, why: `${repo} (${real}) is outside every allowed repository root; ${allowed}` };
    return { allowed: true, source: local.url ? pathToFileURL(real).href : real };
  }
  const remote = remoteForm(repo);
  if (!remote.ok) return { allowed: false, why: `${repo} ${remote.reason}; ${allowed}` };
  if (roots.prefixes.some((prefix) => startsOnBoundary(remote.form, prefix))) return { allowed: true, source: repo };
  return { allowed: false, why: `${repo} is outside every allowed repository root; ${allowed}` };
}

// A plain path or a file:// URL: a folder on this machine. Null for a remote URL.
function localPath(repo: string): { path: string; url: boolean; written: string } | null {
  const bare = repo.replace(/^git\+/i, "");
  if (/^file:\/\//i.test(bare)) {
    try {
      return { path: fileURLToPath(bare), url: true, written: bare.slice("file://".length) };
    } catch {
      return null; // file://host/…: not this machine's; judged as a URL
    }
  }
  return isGitUrl(repo) ? null : { path: path.resolve(repo), url: false, written: repo };
}

// The real path of the longest part that exists, plus the rest: a path not made yet cannot hide a symlink.
function realPathOf(full: string): string {
  const rest: string[] = [];
  let current = path.resolve(full);
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...rest.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(full);
      rest.push(path.basename(current));
      current = parent;
    }
  }
}

function isInside(real: string, root: string): boolean {
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : `${root}${path.sep}`);
}

type RemoteForm = { ok: true; form: string } | { ok: false; reason: string };

// scheme://host[:port]/path, lowercased where URLs are case-blind, without credentials. scp-like
// user@host:path keeps a scheme of its own: its path is relative to a home folder, unlike ssh://host/path.
function remoteForm(url: string): RemoteForm {
  const bare = url.replace(/^git\+/i, "");
  const scp = /^[\w.-]+@([\w.-]+):(.*)$/.exec(bare);
  let form: string;
  let pathPart: string;
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(bare)) {
    pathPart = scp[2];
    form = `scp://${scp[1].toLowerCase()}/${pathPart}`;
  } else {
    let parsed: URL;
    try {
      parsed = new URL(bare);
    } catch {
      return { ok: false, reason: "is neither a folder nor a git URL" };
    }
    // The WHATWG parser has already folded "." and ".." away: look at what was written.
    pathPart = bare.slice(bare.indexOf("//") + 2).replace(/^[^/\\?#]*/, "");
    form = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  }
  if (climbs(pathPart)) return { ok: false, reason: CLIMBS };
  return { ok: true, form };
}

const CLIMBS = "climbs with '..', which is refused while SETPOINT_REPO_ROOTS is set";

// A ".." segment however it is written: percent-encoded, between backslashes, or with the tabs and line
// breaks the URL parser drops.
function climbs(pathPart: string): boolean {
  const decoded = pathPart
    .replace(/[\t\n\r]/g, "")
    .replace(/%2e/gi, ".")
    .replace(/%2f/gi, "/")
    .replace(/%5c/gi, "\\");
  return decoded.split(/[/\\]/).includes("..");
}

// "https://git.example.com/team" allows ".../team" and ".../team/app.git", not ".../team-b/app.git".
function startsOnBoundary(form: string, prefix: string): boolean {
  if (!form.startsWith(prefix)) return false;
  return form.length === prefix.length || /[/:]$/.test(prefix) || form[prefix.length] === "/";
}
