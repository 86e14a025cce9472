// A goal's workspace.repo is either a local repository used where it is, or a URL cloned once into the
// work dir and fetched each time a loop (re)starts (and once more when a commit it needs is missing).
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, realpath, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { isGitUrl } from "./is-git-url";
import { redactUrl } from "./redact-url";
import { GitError, runGit } from "./run-git";
import { retryOnGitLock } from "./retry-on-git-lock";
import { withFileLock } from "./with-file-lock";

// Local branches follow the remote's, except the goals' own setpoint/* branches, which this clone owns.
const FETCH_REFSPECS = ["+refs/heads/*:refs/heads/*", "^refs/heads/setpoint/*", "+refs/tags/*:refs/tags/*"];
// The remote's copies of those, pushed by runners elsewhere (workspace.push), hold what a takeover builds on.
// They are fetched on their own: a negative refspec hides a ref from every refspec, so this one cannot join
// the list above, and --refmap= keeps the configured refs/heads/* mapping from overwriting the clone's own.
const GOAL_BRANCHES_FETCH = ["fetch", "--quiet", "--no-write-fetch-head", "--refmap=", "origin", "+refs/heads/setpoint/*:refs/remotes/origin/setpoint/*"];

// <slug>-<shorthash>: readable, and two URLs ending in the same name do not share a clone.
export function cloneDirName(url: string): string {
  const last =
    url
      .replace(/[/\\]+$/, "")
      .replace(/\.git$/i, "")
      .split(/[/:]/)
      .pop() ?? "";
  const slug =
    last
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[.-]+/, "")
      .slice(0, 40) || "repo";
  const hash = createHash("sha256").update(url).digest("hex").slice(0, 10);
  return `${slug}-${hash}`;
}

export async function ensureRepository(repo: string, workDir: string): Promise<string> {
  return isGitUrl(repo) ? ensureClone(repo, workDir) : checkLocalRepository(repo);
}

async function checkLocalRepository(repo: string): Promise<string> {
  const notARepo = (why: string) =>
    new Error(
      `workspace.repo ${repo} is not a git repository (${why}); make it one (git init && git add -A && git commit -m start) or point workspace.repo at a repository`,
    );
  const dir = path.resolve(repo);
  try {
    if (!(await stat(dir)).isDirectory()) throw notARepo("not a folder");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw notARepo("no such folder");
    throw error;
  }
  let bare: string;
  try {
    bare = (await runGit(["rev-parse", "--is-bare-repository"], { cwd: dir })).stdout.trim();
  } catch (error) {
    throw notARepo(error instanceof GitError ? firstLine(error.stderr) : String(error));
  }
  if (bare === "true") return dir;
  const top = await runGit(["rev-parse", "--show-toplevel"], { cwd: dir }).then(
    (r) => r.stdout.trim(),
    () => "",
  );
  if (!top) throw notARepo("it is inside a .git folder, not a work tree");
  // A plain folder inside some other repository must not silently become that repository.
  if ((await realpath(top)) !== (await realpath(dir)))
    throw new Error(
      `workspace.repo ${repo} is a folder inside the git repository ${top}; Setpoint works on whole repositories: point workspace.repo at a repository's top folder, or make this folder a repository of its own (git init)`,
    );
  return dir;
}

async function ensureClone(url: string, workDir: string): Promise<string> {
  const reposDir = path.join(path.resolve(workDir), "repos");
  await mkdir(reposDir, { recursive: true });
  const name = cloneDirName(url);
  const dir = path.join(reposDir, name);
  return withFileLock(`${dir}.lock`, async () => {
    await removeLeftoverTempClones(reposDir, name);
    if (await exists(dir)) await fetchClone(dir, url);
    else await cloneInto(url, dir, path.join(reposDir, `.tmp-${name}-${randomBytes(4).toString("hex")}`));
    return dir;
  });
}

// Cloned aside and renamed in, so a clone killed halfway never looks like a finished one.
async function cloneInto(url: string, dir: string, tmp: string): Promise<void> {
  try {
    await runGit(["clone", "--bare", "--quiet", "--", url, tmp], { cwd: path.dirname(dir) });
    await runGit(["config", "--unset-all", "remote.origin.fetch"], { cwd: tmp, okCodes: [0, 5] });
    for (const spec of FETCH_REFSPECS) await runGit(["config", "--add", "remote.origin.fetch", spec], { cwd: tmp });
    await runGit(GOAL_BRANCHES_FETCH, { cwd: tmp });
    await rename(tmp, dir);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw new Error(`could not clone ${redactUrl(url)}: ${describe(error, url)}`);
  }
}

async function fetchClone(dir: string, url: string): Promise<void> {
  try {
    await retryOnGitLock(() => runGit(["fetch", "--quiet", "--no-write-fetch-head", "origin"], { cwd: dir }));
    await retryOnGitLock(() => runGit(GOAL_BRANCHES_FETCH, { cwd: dir }));
  } catch (error) {
    throw new Error(`could not fetch ${redactUrl(url)} into ${dir}: ${describe(error, url)}`);
  }
}

// Only called while holding the clone's lock, so any temp clone of this name is from a killed process.
async function removeLeftoverTempClones(reposDir: string, name: string): Promise<void> {
  for (const entry of await readdir(reposDir)) {
    if (entry.startsWith(`.tmp-${name}-`)) await rm(path.join(reposDir, entry), { recursive: true, force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function describe(error: unknown, url: string): string {
  const text = error instanceof GitError ? error.stderr.trim() || error.message : String(error);
  return text.split(url).join(redactUrl(url));
}

function firstLine(text: string): string {
  return text.trim().split("\n")[0] || "git failed";
}
