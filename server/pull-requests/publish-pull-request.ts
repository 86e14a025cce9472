// A pull request update from the outbox, carried out by a runner. On a convergence: push the converged
// commit to the goal's branch, open the goal's pull request or update the one it has (a re-run lands in
// the same one), set a commit status, and remember the pull request on the goal. On a drift: say so on
// that pull request and mark its commit failing. Every step can be repeated, so a retry is safe.
import type { PrismaClient } from "../generated/prisma/client";
import { workDir as configuredWorkDir } from "../config";
import { recordEvent } from "../events/record-event";
import type { ClaimedNotification } from "../notifications/claim-due-notifications";
import { failureOf, type PostResult } from "../notifications/post-notification";
import { branchOf } from "../runner/publish-branch";
import { Repositories } from "../runner/repositories";
import { secretMasker } from "../secrets/mask-secrets";
import { openGoalSecret } from "../secrets/open-goal-secrets";
import type { GoalSpec } from "../spec/goal-spec";
import { pushCommit } from "../workspace/push-branch";
import type { PullRequestJob } from "./enqueue-pull-request";
import { gitAuthEnv } from "./git-auth-env";
import { GITHUB_TIMEOUT_MS, gitHubApi, type GitHubApi } from "./github-api";
import { githubRepository } from "./github-repository";
import { pullRequestBody, pullRequestTitle, statusDescription } from "./pull-request-body";
import { readConvergenceReport } from "./read-convergence-report";

// What a goal remembers of its pull request (Goal.pullRequest).
export type PullRequestRecord = {
  repository: string;
  number: number;
  url: string;
  commit: string;
  iteration: number;
  runFromIteration: number;
  drifted: boolean;
  updatedAt: string;
};

type Goal = { id: string; name: string; spec: GoalSpec; pullRequest: PullRequestRecord | null };
type Target = { api: GitHubApi; owner: string; repo: string; repository: string };

export async function publishPullRequest(db: PrismaClient, row: ClaimedNotification, workDir = configuredWorkDir()): Promise<PostResult> {
  const job = row.payload as PullRequestJob;
  const settings = job.workspace.pullRequest;
  const repository = githubRepository(job.workspace);
  const found = row.goalId ? await db.goal.findUnique({ where: { id: row.goalId }, select: { id: true, name: true, spec: true, pullRequest: true } }) : null;
  if (!found || !settings || !repository) return { ok: false, status: null, error: "the goal was deleted, or no longer asks for a pull request", final: true };
  if (job.event === "Converged" && (job.iteration === null || !job.commit))
    return { ok: false, status: null, error: "the convergence names no iteration or commit", final: true };
  const goal = found as unknown as Goal;
  const token = await openGoalSecret(db, goal.id, settings.tokenSecret);
  if (!token) {
    return {
      ok: false,
      status: null,
      error: `goal secret ${settings.tokenSecret} is not set: set it to a GitHub token that may push to and open pull requests on ${repository} (printf %s "$TOKEN" | npx setpoint secret set ${goal.name} ${settings.tokenSecret})`,
    };
  }
  const mask = secretMasker([token]);
  try {
    const [owner, repo] = repository.split("/");
    const target: Target = { api: await gitHubApi(settings.apiUrl, token), owner, repo, repository };
    const stored = goal.pullRequest?.repository === repository ? goal.pullRequest : null;
    if (job.event === "Converged")
      await publishConvergence(db, goal, job, target, stored, async (commit) => {
        const repoDir = await new Repositories(workDir).get(job.workspace, commit);
        await pushCommit(repoDir, commit, branchOf(goal.name), gitAuthEnv(settings.apiUrl, token));
      });
    else await publishDrift(db, goal, job, target, stored);
    return { ok: true, status: 200, error: null };
  } catch (error) {
    const failure = failureOf(error, GITHUB_TIMEOUT_MS);
    const status = (error as { status?: number; response?: unknown }).response ? (error as { status: number }).status : null;
    const said = status ? `GitHub's API answered HTTP ${status}: ${failure.error}` : failure.error;
    return { ok: false, status, ...failure, error: mask(said) };
  }
}

async function publishConvergence(
  db: PrismaClient,
  goal: Goal,
  job: PullRequestJob,
  target: Target,
  stored: PullRequestRecord | null,
  push: (commit: string) => Promise<void>,
): Promise<void> {
  const settings = job.workspace.pullRequest!;
  const [iteration, commit] = [job.iteration!, job.commit!]; // checked by the caller
  await push(commit);
  const report = await readConvergenceReport(db, goal, iteration, job.runFromIteration);
  if (!report) throw new Error(`iteration ${iteration} of goal ${goal.name} has no commit recorded`);
  const { api, owner, repo } = target;
  const title = pullRequestTitle(report, settings.title);
  const body = pullRequestBody(report, null);
  const open =
    (stored && (await openPullRequest(target, stored.number))) ??
    (await api.rest.pulls.list({ owner, repo, head: `${owner}:${branchOf(goal.name)}`, base: settings.base, state: "open", per_page: 1 })).data[0];
  const pull = open
    ? (await api.rest.pulls.update({ owner, repo, pull_number: open.number, title, body })).data
    : (await api.rest.pulls.create({ owner, repo, head: branchOf(goal.name), base: settings.base, title, body, draft: settings.draft })).data;
  await api.rest.repos.createCommitStatus({
    owner,
    repo,
    sha: commit,
    state: "success",
    context: `setpoint/${goal.name}`,
    description: statusDescription(report, null),
    target_url: `${report.url}/iterations/${iteration}`,
  });
  await remember(
    db,
    goal,
    {
      repository: target.repository,
      number: pull.number,
      url: pull.html_url,
      commit,
      iteration,
      runFromIteration: job.runFromIteration,
      drifted: false,
      updatedAt: new Date().toISOString(),
    },
    open ? "PullRequestUpdated" : "PullRequestOpened",
  );
}

// Only a pull request the goal opened is told of a drift; a drift opens none.
async function publishDrift(db: PrismaClient, goal: Goal, job: PullRequestJob, target: Target, stored: PullRequestRecord | null): Promise<void> {
  if (!stored || !(await openPullRequest(target, stored.number))) return;
  const report = await readConvergenceReport(db, goal, stored.iteration, stored.runFromIteration);
  if (!report) return;
  const { api, owner, repo } = target;
  const drift = { message: job.message };
  await api.rest.pulls.update({ owner, repo, pull_number: stored.number, body: pullRequestBody(report, drift) });
  await api.rest.repos.createCommitStatus({
    owner,
    repo,
    sha: stored.commit,
    state: "failure",
    context: `setpoint/${goal.name}`,
    description: statusDescription(report, drift),
    target_url: report.url,
  });
  await remember(db, goal, { ...stored, drifted: true, updatedAt: new Date().toISOString() }, "PullRequestUpdated");
}

// The goal's pull request while it is open; a closed or merged one (or one that is gone) is not reused.
async function openPullRequest({ api, owner, repo }: Target, number: number): Promise<{ number: number } | null> {
  try {
    const { data } = await api.rest.pulls.get({ owner, repo, pull_number: number });
    return data.state === "open" ? data : null;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

async function remember(db: PrismaClient, goal: Goal, record: PullRequestRecord, type: "PullRequestOpened" | "PullRequestUpdated"): Promise<void> {
  const what = type === "PullRequestOpened" ? "opened" : record.drifted ? "marked drifted" : "updated";
  await db.$transaction(async (tx) => {
    await tx.goal.update({ where: { id: goal.id }, data: { pullRequest: record } });
    await recordEvent(tx, {
      goalId: goal.id,
      goalName: goal.name,
      type,
      reason: "PullRequest",
      message: `pull request #${record.number} on ${record.repository} ${what} for iteration ${record.iteration} (${record.commit.slice(0, 8)}): ${record.url}`,
      data: { number: record.number, url: record.url, commit: record.commit, iteration: record.iteration },
    });
  });
}
