// The live output of one iteration for the iteration page: the agent's tail first, then each layer's
// in the spec's order. Rows exist only while it runs; once recorded, the full output is in its logs.
import type { PrismaClient } from "../generated/prisma/client";
import { toIterationObject } from "../goals/goal-object";
import { findGoal } from "../goals/read-goals";
import { UserError } from "../goals/user-error";
import type { GoalSpec } from "../spec/goal-spec";

export type LiveStream = { stream: string; text: string; updatedAt: string };
export type LiveOutputView = { phase: string; streams: LiveStream[] };

export async function readLiveOutput(db: PrismaClient, name: string, number: number): Promise<LiveOutputView> {
  const goal = await findGoal(db, name);
  const iteration = await db.iteration.findUnique({
    where: { goalId_number: { goalId: goal.id, number } },
    include: { liveOutputs: true },
  });
  if (!iteration) throw new UserError("NOT_FOUND", `goal '${name}' has no iteration ${number}`);
  const order = streamOrder(goal.spec as GoalSpec);
  const rank = (stream: string) => order.get(stream) ?? order.size;
  const streams = [...iteration.liveOutputs]
    .sort((a, b) => rank(a.stream) - rank(b.stream) || a.stream.localeCompare(b.stream))
    .map((row) => ({ stream: row.stream, text: row.text, updatedAt: row.updatedAt.toISOString() }));
  return { phase: toIterationObject(iteration).phase, streams };
}

// "agent", then the layers as the spec lists them; a stream the spec no longer names goes last.
function streamOrder(spec: GoalSpec): Map<string, number> {
  const names = ["agent", ...(spec.evaluation?.layers ?? []).map((layer) => layer.name)];
  return new Map(names.map((stream, index) => [stream, index]));
}
