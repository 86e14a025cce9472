// At a gate on a best-of-N iteration, a person may keep another candidate than the automatic best: the
// iteration then holds that candidate's commit and results (what the judge reads), and its layers.
import { Prisma, type Candidate, type Goal, type Iteration } from "../generated/prisma/client";
import { recordColumns, toRecord } from "../goals/iteration-record";
import { parsedSpec } from "../goals/parsed-spec";
import { UserError } from "../goals/user-error";
import { judgeIteration } from "../loop/judge-history";
import { readCandidateLayers } from "../iterations/candidate-layers";

type Pick = { number: number; actor: string; comment: string };

// Runs in the decision's transaction, on a goal locked by the caller and an iteration found pending.
export async function takeCandidate(tx: Prisma.TransactionClient, goal: Goal, iteration: Iteration, pick: Pick): Promise<Iteration> {
  const candidate = await measuredCandidate(tx, iteration, pick.number);
  if (candidate.number === iteration.winner) return iteration;
  // Overruling the measurement is a decision others read later: it says why.
  if (!pick.comment) {
    const message = `say why you keep candidate ${candidate.number} over the automatic best, candidate ${iteration.winner}`;
    throw new UserError("BAD_REQUEST", `comment: ${message}`, [{ path: "comment", message }]);
  }
  await tx.layerResult.deleteMany({ where: { iterationId: iteration.id } });
  const layers = readCandidateLayers(candidate.layers);
  await tx.layerResult.createMany({ data: layers.map((layer) => ({ ...layer, metrics: layer.metrics as Prisma.InputJsonValue, iterationId: iteration.id })) });
  await tx.candidate.updateMany({ where: { iterationId: iteration.id, winner: true }, data: { winner: false } });
  await tx.candidate.update({
    where: { id: candidate.id },
    data: { winner: true, verdict: `picked by ${pick.actor}${pick.comment ? `: ${pick.comment}` : ""}` },
  });
  const taken = await tx.iteration.update({
    where: { id: iteration.id },
    data: {
      commit: candidate.commit,
      metrics: candidate.metrics as Prisma.InputJsonValue,
      policyOk: candidate.policyOk,
      diff: candidate.diff,
      changedFiles: candidate.changedFiles,
      protectViolations: candidate.protectViolations as Prisma.InputJsonValue,
      measuredFiles: candidate.measuredFiles as Prisma.InputJsonValue,
      agentOutput: candidate.agentOutput,
      prompt: candidate.prompt,
      tokensIn: candidate.tokensIn,
      tokensOut: candidate.tokensOut,
      agentMs: candidate.agentMs,
      evalMs: candidate.evalMs,
      transcript: candidate.transcript === null ? Prisma.DbNull : (candidate.transcript as Prisma.InputJsonValue),
      // The kept change is this maker's: gaming and win counts go to it.
      executor: candidate.executor,
      model: candidate.model,
      winner: candidate.number,
    },
  });
  // The cached regression flag follows the kept measurements (the decision's judge then sets accepted).
  const before = await tx.iteration.findMany({
    where: { goalId: goal.id, number: { lt: iteration.number }, phase: { not: "Running" } },
    orderBy: { number: "asc" },
    select: recordColumns,
  });
  const { regression } = judgeIteration(parsedSpec(goal), before.map(toRecord), toRecord(taken));
  return regression === taken.regression ? taken : tx.iteration.update({ where: { id: iteration.id }, data: { regression } });
}

async function measuredCandidate(tx: Prisma.TransactionClient, iteration: Iteration, number: number): Promise<Candidate> {
  const candidates = await tx.candidate.findMany({ where: { iterationId: iteration.id }, orderBy: { number: "asc" } });
  const measured = candidates.filter((candidate) => candidate.phase === "Evaluated" && candidate.commit !== null);
  const choices = measured.map((candidate) => candidate.number).join(", ");
  const refuse = (message: string) => new UserError("BAD_REQUEST", `candidate: ${message}`, [{ path: "candidate", message }]);
  if (candidates.length === 0) throw refuse(`iteration ${iteration.number} ran no candidates: approve it without one`);
  const found = candidates.find((candidate) => candidate.number === number);
  if (!found) throw refuse(`iteration ${iteration.number} has no candidate ${number}; measured ones: ${choices || "none"}`);
  if (!measured.includes(found)) throw refuse(`candidate ${number} was not measured (${found.phase}); measured ones: ${choices || "none"}`);
  return found;
}
