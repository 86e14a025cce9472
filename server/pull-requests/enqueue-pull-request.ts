// A goal with workspace.pullRequest that converges (or drifts) gets a pull request update in the
// outbox, in the state change's transaction; a runner carries it out (publish-pull-request.ts).
import type { Prisma } from "../generated/prisma/client";
import type { GoalSpec } from "../spec/goal-spec";
import { githubRepository } from "./github-repository";

export type PullRequestJob = {
  goal: string;
  event: "Converged" | "Drifted";
  iteration: number | null;
  runFromIteration: number; // the first iteration of the run that converged
  commit: string | null;
  message: string;
  workspace: GoalSpec["workspace"];
};

export async function enqueuePullRequest(tx: Prisma.TransactionClient, job: PullRequestJob & { goalId: string; goalName: string }): Promise<void> {
  const settings = job.workspace.pullRequest;
  const repository = githubRepository(job.workspace);
  if (!settings || !repository) return;
  // A newer convergence or drift makes an update still waiting stale: it would show an older state.
  await tx.$executeRaw`
    UPDATE "Notification" SET "failedAt" = timezone('UTC', now()), "nextAttemptAt" = NULL, "lastError" = 'superseded by a later update of this goal''s pull request'
    WHERE "goalId" = ${job.goalId}::uuid AND "kind" = 'pullRequest' AND "deliveredAt" IS NULL AND "failedAt" IS NULL`;
  const payload: PullRequestJob = {
    goal: job.goalName,
    event: job.event,
    iteration: job.iteration,
    runFromIteration: job.runFromIteration,
    commit: job.commit,
    message: job.message,
    workspace: job.workspace,
  };
  await tx.$executeRaw`
    INSERT INTO "Notification" ("id", "goalId", "goalName", "kind", "url", "event", "payload", "secretName", "nextAttemptAt", "createdAt")
    VALUES (gen_random_uuid(), ${job.goalId}::uuid, ${job.goalName}, 'pullRequest', ${`${settings.apiUrl.replace(/\/+$/, "")}/repos/${repository}`}, ${job.event}, ${JSON.stringify(payload)}::jsonb, ${settings.tokenSecret}, timezone('UTC', now()), timezone('UTC', now()))`;
}
