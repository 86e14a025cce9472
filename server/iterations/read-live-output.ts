// The live output of one iteration for the iteration page: the agent's tail first, then each layer's
// in the spec's order. Rows exist only while it runs; once recorded, the full output is in its logs.
import type { PrismaClient } from "../generated/prisma/client";
import { toIterationObject } from "../goals/goal-object";
import { parsedSpec } from "../goals/parsed-spec";
import { findGoal } from "../goals/read-goals";
import { UserError } from "../goals/user-error";
import type { GoalSpec } from "../spec/goal-spec";
import type { AgentTranscript } from "../executors/agent-transcript";
import { claudeTranscript } from "../executors/claude-transcript";
import { codexTranscript } from "../executors/codex-transcript";
import { parseGeminiStream } from "../executors/parse-gemini-stream";

export type LiveStream = { stream: string; text: string; updatedAt: string };
// transcript: what a CLI agent has done so far, read from its event stream's tail, else null.
export type LiveOutputView = { phase: string; streams: LiveStream[]; transcript: AgentTranscript | null };

// Executors whose live output is an event stream the page can read as a transcript while it runs.
const LIVE_TRANSCRIPTS: Record<string, (tail: string) => AgentTranscript> = {
  "claude-code": (tail) => claudeTranscript(tail),
  codex: (tail) => codexTranscript(tail, tail, ""),
  "gemini-cli": (tail) => parseGeminiStream(tail, "").transcript,
};

export async function readLiveOutput(db: PrismaClient, name: string, number: number): Promise<LiveOutputView> {
  const goal = await findGoal(db, name);
  const iteration = await db.iteration.findUnique({
    where: { goalId_number: { goalId: goal.id, number } },
    include: { liveOutputs: true },
  });
  if (!iteration) throw new UserError("NOT_FOUND", `goal '${name}' has no iteration ${number}`);
  const order = streamOrder(parsedSpec(goal));
  const rank = (stream: string) => order.get(stream) ?? order.size;
  const streams = [...iteration.liveOutputs]
    .sort((a, b) => rank(a.stream) - rank(b.stream) || a.stream.localeCompare(b.stream))
    .map((row) => ({ stream: row.stream, text: row.text, updatedAt: row.updatedAt.toISOString() }));
  const agentTail = streams.find((each) => each.stream === "agent")?.text;
  return { phase: toIterationObject(iteration).phase, streams, transcript: liveTranscript(iteration.executor, agentTail) };
}

export function liveTranscript(executor: string | null, agentTail: string | undefined): AgentTranscript | null {
  const read = executor ? LIVE_TRANSCRIPTS[executor] : undefined;
  return read && agentTail ? read(agentTail) : null;
}

// "agent", then the layers as the spec lists them; a stream the spec no longer names goes last.
function streamOrder(spec: GoalSpec): Map<string, number> {
  const names = ["agent", ...spec.evaluation.layers.map((layer) => layer.name)];
  return new Map(names.map((stream, index) => [stream, index]));
}
