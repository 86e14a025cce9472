// The goal's branch follows the commit the loop builds on (Goal.acceptedCommit); with workspace.push the
// remote follows too, so a runner on another machine resumes from it.
import type { GoalSpec } from "../spec/goal-spec";
import { moveBranch } from "../workspace/move-branch";
import { pushBranch } from "../workspace/push-branch";

export async function publishBranch(repoDir: string, spec: GoalSpec, goal: string, commit: string): Promise<void> {
  await moveBranch(repoDir, branchOf(goal), commit);
  if (spec.workspace.push) await pushBranch(repoDir, branchOf(goal));
}

export function branchOf(goal: string): string {
  return `setpoint/${goal}`;
}
