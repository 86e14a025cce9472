// SETPOINT_REPO_ROOTS: the only places a goal's workspace.repo may be. Comma-separated (URLs hold colons),
// each a local folder or a git URL prefix; unset or empty, every repository is allowed.
// A local path (and a file:// URL) is judged by its real path, so neither ".." nor a symlink leads out
// of a root; a remote URL is judged on its scheme, host and path, and may not climb with "..".
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isGitUrl } from "./is-git-url";

export type RepoRoots = { entries: string[]; folders: string[]; prefixes: string[] };

export function parseRepoRoots(raw: string | undefined): RepoRoots | null {
  const entries = (raw ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  const folders: string[] = [];
  const prefixes: string[] = [];
  for (const entry of entries) {
    const local = localPath(entry);
    if (local !== null) folders.push(realPathOf(local));
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
  if (!roots) return null;
  const allowed = `the allowed roots (SETPOINT_REPO_ROOTS) are ${roots.entries.join(", ")}`;
  const local = localPath(repo);
  if (local !== null) {
    const real = realPathOf(local);
    if (roots.folders.some((root) => isInside(real, root))) return null;
    return `${repo} (${real}) is outside every allowed repository root; ${allowed}`;
  }
  const remote = remoteForm(repo);
  if (!remote.ok) return `${repo} ${remote.reason}; ${allowed}`;
  if (roots.prefixes.some((prefix) => startsOnBoundary(remote.form, prefix))) return null;
  return `${repo} is outside every allowed repository root; ${allowed}`;
}

// A plain path or a file:// URL: a folder on this machine. Null for a remote URL.
function localPath(repo: string): string | null {
  const bare = repo.replace(/^git\+/i, "");
  if (/^file:\/\//i.test(bare)) {
    try {
      return fileURLToPath(bare);
    } catch {
      return null; // file://host/…: not this machine's; judged as a URL
    }
  }
  return isGitUrl(repo) ? null : path.resolve(repo);
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
  const segments = decodeDots(pathPart).split(/[/\\]/);
  if (segments.includes("..")) return { ok: false, reason: "climbs with '..', which is refused while SETPOINT_REPO_ROOTS is set" };
  return { ok: true, form };
}

function decodeDots(text: string): string {
  return text.replace(/%2e/gi, ".").replace(/%2f/gi, "/").replace(/%5c/gi, "\\");
}

// "https://git.example.com/team" allows ".../team" and ".../team/app.git", not ".../team-b/app.git".
function startsOnBoundary(form: string, prefix: string): boolean {
  if (!form.startsWith(prefix)) return false;
  return form.length === prefix.length || /[/:]$/.test(prefix) || form[prefix.length] === "/";
}
