// The loop builds on commits named in Postgres, which a runner on another machine may have made: one missing
// from this clone is fetched once more (it may have been pushed since the last fetch) before giving up in words.
import { ensureRepository } from "./ensure-repository";
import { isGitUrl } from "./is-git-url";
import { redactUrl } from "./redact-url";
import { findCommit } from "./resolve-commit";

export type WorkspaceSource = { repo: string; push: boolean };

export async function ensureCommit(repoDir: string, workspace: WorkspaceSource, workDir: string, commit: string): Promise<void> {
  if (await findCommit(repoDir, commit)) return;
  if (!isGitUrl(workspace.repo)) {
    throw new Error(
      `commit ${commit} is not in ${repoDir}: a workspace.repo that is a folder serves the runners of one machine only; for runners on several machines make it a URL (file:///srv/repo.git, ssh://…) with workspace.push: true`,
    );
  }
  await ensureRepository(workspace.repo, workDir);
  if (await findCommit(repoDir, commit)) return;
  const why = workspace.push
    ? "accepted iterations are pushed to the goal's setpoint/ branch there, so that branch was rewritten or deleted, or the commit never reached it"
    : "a runner with another work folder made it and did not push it; set workspace.push: true, which pushes each accepted iteration to the remote and is what lets a runner on another machine take the goal over";
  throw new Error(`commit ${commit} is neither in this runner's clone ${repoDir} nor on the remote ${redactUrl(workspace.repo)}: ${why}`);
}
