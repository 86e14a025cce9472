// Gathers what the next prompt is built from: the last iteration's failing layers and comments,
// the best so far, and any rejection or revert, so the agent learns from what was measured.
import type { PrismaClient } from "../generated/prisma/client";
import { buildPrompt, type PromptIteration } from "../loop/build-prompt";
import { judgePromptFacts } from "../loop/judge-history";
import type { ProjectContext } from "../loop/project-context";
import type { Decision } from "../loop/types";
import { describeDenial, readTranscript } from "../executors/agent-transcript";
import type { GoalState } from "./load-goal-state";

// The prompt waits for the project knowledge, which is gathered in the iteration's worktree.
export async function buildPromptFor(
  db: PrismaClient,
  state: GoalState,
  decision: Extract<Decision, { kind: "RunIteration" }>,
): Promise<(context: ProjectContext | null) => string> {
  // What happened to the tries before it (kept, reverted, rejected, the best so far) is the loop's judge's word.
  const facts = judgePromptFacts(state.spec, state.history.iterations, decision.number);
  const row = (number: number | undefined) => state.iterations.find((each) => each.number === number) ?? null;
  const last = row(facts.last?.number);
  // What the agent is told was measured is what its working tree holds: the iteration it starts from.
  const from = row(decision.fromIteration) ?? last;
  const previous = from ? await toPromptIteration(db, from) : null;
  if (previous && last && last.phase === "AgentFailed" && last.id !== from?.id) previous.layers.unshift(await agentFailure(db, last));
  const best = row(facts.best?.number);
  const input = {
    goal: state.goal.name,
    spec: state.spec,
    iteration: decision.number,
    fromIteration: decision.fromIteration,
    previous,
    best: best ? (best.id === from?.id ? previous : await toPromptIteration(db, best)) : null,
    rejection: facts.rejected ? { ...facts.rejected, by: last?.approvedBy } : null,
    reverted: facts.reverted,
    denied: last ? await deniedCalls(db, last) : null,
    protectUndone: last ? protectUndone(last) : null,
    targets: facts.targets,
  };
  return (context) => buildPrompt({ ...input, context });
}

// What the agent's CLI refused in the last iteration (its permissions), so it stops asking for it.
async function deniedCalls(db: PrismaClient, row: GoalState["iterations"][number]) {
  const { transcript } = await db.iteration.findUniqueOrThrow({ where: { id: row.id }, select: { transcript: true } });
  const calls = readTranscript(transcript)?.denials.map(describeDenial) ?? [];
  return calls.length > 0 ? { iteration: row.number, calls } : null;
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
    layers: [
      ...(row.phase === "AgentFailed" ? [await agentFailure(db, row)] : []),
      ...layers.map((layer) => ({ name: layer.name, ok: layer.ok, log: layer.log, comments: layer.comments })),
    ],
  };
}

// What the last iteration changed under evaluation.protect, as the runner stored it.
function protectUndone(row: GoalState["iterations"][number]): { iteration: number; violations: { path: string; change: string }[] } | null {
  const violations = Array.isArray(row.protectViolations) ? (row.protectViolations as { path: string; change: string }[]) : [];
  return violations.length > 0 ? { iteration: row.number, violations } : null;
}
