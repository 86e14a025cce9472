// Gathers what the next prompt is built from: the last iteration's failing layers and comments,
// the best so far, and any rejection or revert, so the agent learns from what was measured.
import type { LayerResult, PrismaClient } from "../generated/prisma/client";
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
  const best = row(facts.best?.number);
  const texts = await readTexts(db, [from, last, best]);
  const previous = from ? toPromptIteration(from, texts) : null;
  if (previous && last && last.phase === "AgentFailed" && last.id !== from?.id) previous.layers.unshift(agentFailure(last, texts));
  const input = {
    goal: state.goal.name,
    spec: state.spec,
    iteration: decision.number,
    fromIteration: decision.fromIteration,
    previous,
    best: best ? (best.id === from?.id ? previous : toPromptIteration(best, texts)) : null,
    rejection: facts.rejected ? { ...facts.rejected, by: last?.approvedBy } : null,
    reverted: facts.reverted,
    denied: last ? deniedCalls(last, texts) : null,
    protectUndone: last ? protectUndone(last) : null,
    targets: facts.targets,
  };
  return (context) => buildPrompt({ ...input, context });
}

type Row = GoalState["iterations"][number];
type Texts = Map<string, { layers: LayerResult[]; transcript: unknown; agentOutput?: string }>;

// The layers, transcripts and (of a failed agent) output of the iterations the prompt speaks of, in one statement.
async function readTexts(db: PrismaClient, rows: (Row | null)[]): Promise<Texts> {
  const wanted = rows.filter((each): each is Row => each !== null);
  if (wanted.length === 0) return new Map();
  const read = await db.iteration.findMany({
    where: { id: { in: [...new Set(wanted.map((each) => each.id))] } },
    select: {
      id: true,
      transcript: true,
      agentOutput: wanted.some((each) => each.phase === "AgentFailed"),
      layers: { orderBy: { position: "asc" } },
    },
  });
  return new Map(read.map(({ id, ...texts }) => [id, texts]));
}

// What the agent's CLI refused in the last iteration (its permissions), so it stops asking for it.
function deniedCalls(row: Row, texts: Texts) {
  const calls = readTranscript(texts.get(row.id)?.transcript)?.denials.map(describeDenial) ?? [];
  return calls.length > 0 ? { iteration: row.number, calls } : null;
}

function agentFailure(row: Row, texts: Texts) {
  const output = texts.get(row.id)?.agentOutput ?? "";
  return { name: "agent", ok: false, log: `iteration ${row.number}: ${row.agentError ?? "the agent failed"}\n${output}`, comments: null };
}

function toPromptIteration(row: Row, texts: Texts): PromptIteration {
  const layers = texts.get(row.id)?.layers ?? [];
  return {
    number: row.number,
    metrics: row.metrics as Record<string, number>,
    layers: [
      ...(row.phase === "AgentFailed" ? [agentFailure(row, texts)] : []),
      ...layers.map((layer) => ({ name: layer.name, ok: layer.ok, log: layer.log, comments: layer.comments })),
    ],
  };
}

// What the last iteration changed under evaluation.protect, as the runner stored it.
function protectUndone(row: Row): { iteration: number; violations: { path: string; change: string }[] } | null {
  const violations = Array.isArray(row.protectViolations) ? (row.protectViolations as { path: string; change: string }[]) : [];
  return violations.length > 0 ? { iteration: row.number, violations } : null;
}
