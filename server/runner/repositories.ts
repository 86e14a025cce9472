// The repositories a claim works in, and how a repository that cannot be used is told apart from a bug.
import { ensureCommit, type WorkspaceSource } from "../workspace/ensure-commit";
import { ensureRepository } from "../workspace/ensure-repository";
import { judgeRepo, repoRoots } from "../workspace/repo-roots";
import type { GoalState } from "./load-goal-state";
import { publishBranch } from "./publish-branch";

// A repository that cannot be used (not a repository, a missing ref, an unreachable URL) is the spec's
// problem, said in words; anything else failing in the runner is a bug and keeps its stack for SETPOINT_DEBUG.
export class WorkspaceError extends Error {
  constructor(
    message: string,
    readonly reason = "WorkspaceError",
  ) {
    super(message);
  }
}

export async function asWorkspaceError<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new WorkspaceError((error as Error).message);
  }
}

// A repository is prepared (cloned or fetched) once per claim, not at every step; a spec edit naming
// another repository gets that one. A commit to build on, from Postgres, must be in it (fetched once more if not).
export class Repositories {
  private readonly dirs = new Map<string, string>();
  private readonly published = new Map<string, string>();
  private readonly present = new Set<string>();
  constructor(private readonly workDir: string) {}

  async get(workspace: WorkspaceSource, commit: string | null): Promise<string> {
    // Checked before anything is cloned or opened, on this runner's file system: apply checked the web server's.
    // Git gets the path that was checked (its real path), not the words of the spec.
    const verdict = judgeRepo(workspace.repo, repoRoots());
    if (!verdict.allowed) throw new WorkspaceError(`spec.workspace.repo: ${verdict.why}`, "RepoNotAllowed");
    const source = { ...workspace, repo: verdict.source };
    const dir = this.dirs.get(source.repo) ?? (await asWorkspaceError(() => ensureRepository(source.repo, this.workDir)));
    this.dirs.set(source.repo, dir);
    // A commit found once stays: the goal's branch keeps it reachable.
    if (commit && !this.present.has(`${dir}\0${commit}`)) {
      await asWorkspaceError(() => ensureCommit(dir, source, this.workDir, commit));
      this.present.add(`${dir}\0${commit}`);
    }
    return dir;
  }

  // Most steps build on the same commit as the last one: those move nothing.
  async publish(repoDir: string, spec: GoalState["spec"], goal: string, commit: string): Promise<void> {
    const key = `${repoDir}\0${spec.workspace.push}`;
    if (this.published.get(key) === commit) return;
    await publishBranch(repoDir, spec, goal, commit);
    this.published.set(key, commit);
  }
}
