// Every git call goes through here, so identity, hooks, signing, prompts and whatever in git's configuration
// would run a program are fixed in one place. A worktree is addressed by --git-dir and --work-tree from the
// runner's own records, never by discovery: its .git is the agent's to rewrite (without a sandbox).
import { findOnPath } from "../process/find-on-path";
import { spawnChild } from "../process/spawn-child";
import type { Worktree } from "./worktree";

// Command-line config outranks every config file, and reaches the git processes a command starts. Config
// an agent could write is never read (see Worktree); these also hold against the user's own files.
export const GIT_CONFIG = [
  "-c",
  "user.name=Setpoint",
  "-c",
  "user.email=setpoint@localhost",
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "commit.gpgsign=false",
  "-c",
  "core.fsmonitor=false", // a hook program git runs on every status
  // Never look into a repository inside the work tree, whose own config would then run (.gitmodules can ask
  // for that: commands that compare the work tree also pass --ignore-submodules=all, which outranks it).
  "-c",
  "diff.ignoreSubmodules=all",
  "-c",
  "submodule.recurse=false",
  "-c",
  "status.submoduleSummary=false",
  "-c",
  "diff.submodule=short",
  "-c",
  "fetch.recurseSubmodules=false",
  "-c",
  "push.recurseSubmodules=no",
  "-c",
  "protocol.ext.allow=never", // ext:: URLs run a command
];
// Left to the owner's config, which no sandboxed agent can write: filter drivers (git-lfs), credential.helper,
// core.askPass and include.path, which clone, fetch and push may need; core.sshCommand, outranked by
// GIT_SSH_COMMAND below. Pagers, editors and gpg never start: no terminal, `commit -m`, signing off.

// A repository (the runner's clone or the user's folder, which no agent writes under a sandbox) is found
// from its folder; an iteration's worktree is named by its Worktree value.
export type GitPlace = { cwd: string; worktree?: undefined } | { worktree: Worktree; cwd?: undefined };

// For functions that work on either: a repository's folder, or a worktree.
export function gitPlace(where: string | Worktree): GitPlace {
  return typeof where === "string" ? { cwd: where } : { worktree: where };
}

export type GitOptions = GitPlace & {
  okCodes?: number[]; // exit codes that are answers rather than failures (default [0])
  input?: string; // written to git's standard input
  stdoutLimitBytes?: number; // keep only the first bytes of stdout; the rest is counted, not stored
  timeoutMs?: number;
  env?: Record<string, string>; // added to git's environment (a push's credentials)
};

export type GitResult = {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBytes: number; // total bytes git wrote, even past stdoutLimitBytes
  truncated: boolean;
};

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly code: number | null,
    readonly stderr: string,
    readonly cwd: string,
  ) {
    const detail = stderr.trim().split("\n").slice(-5).join("\n") || "no output";
    super(`git ${args.join(" ")} failed in ${cwd} (${code === null ? "killed" : `exit ${code}`}): ${detail}`);
    this.name = "GitError";
  }
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export async function runGit(args: string[], options: GitOptions): Promise<GitResult> {
  const { worktree } = options;
  const cwd = worktree ? worktree.dir : options.cwd;
  const place = worktree ? [`--git-dir=${worktree.gitDir}`, `--work-tree=${worktree.dir}`] : [];
  const limit = options.stdoutLimitBytes ?? Number.POSITIVE_INFINITY;
  const okCodes = options.okCodes ?? [0];
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let stdoutBytes = 0;
  const stderr: Buffer[] = [];
  const child = spawnChild(
    { file: gitFile(), args: [...GIT_CONFIG, ...place, ...args], cwd, env: { ...gitEnv(), ...options.env }, group: false, input: options.input ?? null },
    (fd, chunk) => {
      if (fd === 2) {
        stderr.push(chunk);
        return;
      }
      stdoutBytes += chunk.length;
      if (keptBytes >= limit) return;
      const part = chunk.subarray(0, Math.max(0, limit - keptBytes));
      kept.push(part);
      keptBytes += part.length;
    },
  );
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let code: number | null;
  try {
    ({ code } = await child.exited);
  } catch (error) {
    gitLookup = undefined; // moved or removed since it was found: looked up again next time
    throw new Error(`could not run git: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  const errText = Buffer.concat(stderr).toString("utf8");
  if (code === null || !okCodes.includes(code)) throw new GitError(args, code, errText, cwd);
  const truncated = stdoutBytes > keptBytes;
  const out = Buffer.concat(kept);
  return { code, stdout: (truncated ? trimPartialChar(out) : out).toString("utf8"), stderr: errText, stdoutBytes, truncated };
}

// git by its full path, looked up once per PATH: named bare, every start would try each folder of PATH before
// git's own (a dozen failed execs under npm's PATH). Only PATH's absolute folders are searched: a relative one
// ("", ".") would be read from git's working folder, an agent's worktree, where it could plant a `git`.
let gitLookup: { searchPath: string; file: string } | undefined;
function gitFile(): string {
  const searchPath = process.env.PATH ?? "";
  if (gitLookup?.searchPath !== searchPath) {
    const absolute = searchPath.split(":").filter((dir) => dir.startsWith("/"));
    const file = findOnPath("git", absolute.join(":"), "/");
    if (!file) throw new Error(`could not run git: it is not in any absolute folder of PATH (${searchPath})`);
    gitLookup = { searchPath, file };
  }
  return gitLookup.file;
}

// Variables that would point git at another repository or identity, or run an external diff, are dropped;
// prompts are off.
function gitEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|NAMESPACE|PREFIX|EXTERNAL_DIFF|AUTHOR_\w+|COMMITTER_\w+)$/.test(
        key,
      )
    )
      delete env[key];
  }
  env.GIT_TERMINAL_PROMPT = "0";
  env.LC_ALL = "C"; // English messages, so lock errors can be recognised
  // Set, it outranks core.sshCommand in any config (GIT_SSH alone would not); the owner's own is kept.
  if (!env.GIT_SSH_COMMAND && !env.GIT_SSH) env.GIT_SSH_COMMAND = "ssh -o BatchMode=yes";
  return env;
}

// A cut can land inside a UTF-8 character; drop the partial bytes rather than emit a replacement char.
function trimPartialChar(buffer: Buffer): Buffer {
  const end = buffer.length;
  let back = 0;
  while (end - back - 1 >= 0 && back < 4 && (buffer[end - back - 1] & 0xc0) === 0x80) back++;
  const leadIndex = end - back - 1;
  if (leadIndex < 0) return buffer.subarray(0, end - back);
  const lead = buffer[leadIndex];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? buffer.subarray(0, leadIndex) : buffer;
}
