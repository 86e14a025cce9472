// Gathers what the next prompt is built from: the last iteration's failing layers and comments,
// the best so far, and any rejection or revert, so the agent learns from what was measured.
import type { PrismaClient } from "../generated/prisma/client";
import { buildPrompt, type PromptIteration } from "../loop/build-prompt";
import type { Decision } from "../loop/types";
import type { GoalState } from "./load-goal-state";

export async function buildPromptFor(db: PrismaClient, state: GoalState, decision: Extract<Decision, { kind: "RunIteration" }>): Promise<string> {
  const done = state.iterations.filter((row) => row.number < decision.number && row.phase !== "Running" && row.phase !== "Interrupted");
  const last = done.at(-1) ?? null;
  // What the agent is told was measured is what its working tree holds: the iteration it starts from.
  const from = state.iterations.find((row) => row.number === decision.fromIteration) ?? last;
  const previous = from ? await toPromptIteration(db, from) : null;
  if (previous && last && last.phase === "AgentFailed" && last.id !== from?.id) previous.layers.unshift(await agentFailure(db, last));
  const best = state.iterations.find((row) => row.number === state.goal.bestIteration) ?? null;
  return buildPrompt({
    goal: state.goal.name,
    spec: state.spec,
    iteration: decision.number,
    fromIteration: decision.fromIteration,
    previous,
    best: best ? (best.id === from?.id ? previous : await toPromptIteration(db, best)) : null,
    rejection: last?.approval === "rejected" ? { iteration: last.number, comment: last.approvalComment ?? "", by: last.approvedBy } : null,
    reverted: last && last.phase === "Evaluated" && !last.accepted && last.approval !== "rejected"
      ? { iteration: last.number, reason: last.policyOk ? "its metrics were worse than the best iteration's" : "it broke a policy layer" }
      : null,
  });
}

async function agentFailure(db: PrismaClient, row: GoalState["iterations"][number]) {
  const { agentOutput } = await db.iteration.findUniqueOrThrow({ where: { id: row.id }, select: { agentOutput: true } });
  return { name: "agent", ok: false, log: `iteration ${row.number}: ${row.agentError ?? "the agent failed"}\n${agentOutput}`, comments: null };
}

async function toPromptIteration(db: PrismaClient, row: GoalState["iterations"][number]): Promise<PromptIteration> {
  const layers = await db.layerResult.findMany({ where: { iterationId: row.id }, orderBy: { position: "asc" } });
  return {
    number: row.number,
    metrics: row.metrics as Record<string, number>,
    layers: [...(row.phase === "AgentFailed" ? [await agentFailure(db, row)] : []), ...layers.map((layer) => ({ name: layer.name, ok: layer.ok, log: layer.log, comments: layer.comments }))],
  };
}
