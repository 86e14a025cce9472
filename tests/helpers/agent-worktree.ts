// A root runner's iteration worktree, handed to the agent user as the runner hands it, and commands run as
// that user: for tests that play an agent process racing what root does in the worktree.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { runProcess } from "../../server/process/run-process";
import type { RunAs } from "../../server/process/spawn-child";
import { giveWorktreeTo } from "../../server/runner/give-worktree";
import { createWorktree } from "../../server/workspace/create-worktree";
import { runGit } from "../../server/workspace/run-git";
import type { Worktree } from "../../server/workspace/worktree";

// A repository of `files` (relative path -> content) in dir/repo and its worktree in dir/worktree.
export async function agentWorktree(dir: string, files: Record<string, string>, user: RunAs): Promise<{ repo: string; worktree: Worktree }> {
  const repo = path.join(dir, "repo");
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    fs.writeFileSync(path.join(repo, name), content);
  }
  await runGit(["init", "--quiet", "--initial-branch=main"], { cwd: repo });
  await runGit(["add", "-A"], { cwd: repo });
  await runGit(["commit", "--quiet", "-m", "start"], { cwd: repo });
  const worktree = await createWorktree(repo, path.join(dir, "worktree"), "HEAD");
  await giveWorktreeTo(worktree.dir, user);
  return { repo, worktree };
}

// Runs a shell command as the agent user; started, not awaited, it plays a daemon.
export function runAsAgent(user: RunAs, cwd: string, command: string) {
  return runProcess({ command, cwd, env: { ...process.env, HOME: "/" }, timeoutMs: 60_000, user });
}

export async function asAgent(user: RunAs, cwd: string, command: string): Promise<void> {
  const run = await runAsAgent(user, cwd, command);
  assert.equal(run.exitCode, 0, run.output);
}
