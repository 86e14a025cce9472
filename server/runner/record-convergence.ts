// Converged, and the certificate that says what was measured, in one fenced transaction. A spec applied
// since this step read the goal means the measurement judged an older generation: nothing is written, and
// the loop decides again (it measures the commit under the new spec first).
import { issueCertificate } from "../certificates/issue-certificate";
import { setPhase } from "../goals/set-phase";
import { fenced, type Lease } from "../queue/lease";
import { nextResyncFor } from "../resync/resync-schedule";
import { treeOf } from "../workspace/commit-tree";
import type { GoalState } from "./load-goal-state";
import { asWorkspaceError } from "./repositories";
import type { RunnerContext } from "./runner-context";

// True when the goal converged; false when its spec changed meanwhile.
export async function recordConvergence(
  ctx: RunnerContext,
  lease: Lease,
  state: GoalState,
  iteration: number,
  repoDir: string,
  commit: string,
): Promise<boolean> {
  const { goal, spec } = state;
  const tree = await asWorkspaceError(() => treeOf(repoDir, commit));
  return fenced(ctx.db, lease, async (tx) => {
    const now = await tx.goal.findUniqueOrThrow({ where: { id: goal.id }, select: { generation: true, phase: true } });
    if (now.generation !== goal.generation) return false;
    // A goal its holder runs is Running: Converged under this lease is a retry whose first try committed unseen
    // (server/queue/lease.ts), its certificate issued: not a second one.
    if (now.phase === "Converged") return true;
    const certificate = await issueCertificate(tx, { goal, spec, iteration, tree, runnerId: ctx.runnerId });
    await setPhase(tx, goal.id, {
      phase: "Converged",
      reason: "TargetsMet",
      message: `every target holds at iteration ${iteration}`,
      actor: ctx.runnerId,
      data: { nextResyncAt: nextResyncFor(spec, new Date()) },
      event: { iteration, certificate },
    });
    return true;
  });
}
