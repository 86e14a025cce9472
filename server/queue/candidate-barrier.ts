// Best of N with hidden checks: among the candidates of one iteration, no agent runs while a sibling's worktree
// holds the hidden checks (a layer with `hidden` copies them in for its run), and no such layer starts while a
// sibling's agent runs: otherwise an agent could read them from next door, unsandboxed or where bwrap shows the
// work folder. Each side marks its candidate's row; both take the iteration's row lock to look and mark, so they
// never pass each other. A mark of a candidate whose lease expired (its runner died) no longer counts.
import type { PrismaClient } from "../generated/prisma/client";
import { CandidateLeaseLostError, type CandidateLease } from "./candidate-lease";
import { sleepUnlessAborted } from "../time/sleep-unless-aborted";

export type Section = "agent" | "hidden";
const WAIT_MS = 250;

export async function inSection<T>(db: PrismaClient, lease: CandidateLease, section: Section, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  while (!(await tryEnter(db, lease, section))) {
    await sleepUnlessAborted(WAIT_MS, signal);
    if (signal.aborted) throw signal.reason;
  }
  try {
    return await work();
  } finally {
    await mark(db, lease, section, false);
  }
}

async function tryEnter(db: PrismaClient, lease: CandidateLease, section: Section): Promise<boolean> {
  return db.$transaction(async (tx) => {
    // Iteration before candidate, as the holder's writes lock them.
    await tx.$queryRaw`SELECT 1 FROM "Iteration" WHERE id = ${lease.iterationId}::uuid FOR UPDATE`;
    const mine = await tx.$queryRaw<unknown[]>`
      SELECT 1 FROM "Candidate" WHERE id = ${lease.candidateId}::uuid AND "leaseEpoch" = ${lease.epoch} AND "leaseOwner" = ${lease.owner} FOR UPDATE`;
    if (mine.length === 0) throw new CandidateLeaseLostError(lease);
    const busy = await tx.$queryRaw<unknown[]>`
      SELECT 1 FROM "Candidate" WHERE "iterationId" = ${lease.iterationId}::uuid AND id <> ${lease.candidateId}::uuid
        AND "leaseExpiresAt" > timezone('UTC', now())
        AND (CASE WHEN ${section} = 'agent' THEN "hiddenRunning" ELSE "agentRunning" END)`;
    if (busy.length > 0) return false;
    await tx.candidate.update({ where: { id: lease.candidateId }, data: section === "agent" ? { agentRunning: true } : { hiddenRunning: true } });
    return true;
  });
}

async function mark(db: PrismaClient, lease: CandidateLease, section: Section, on: boolean): Promise<void> {
  await db.candidate.updateMany({
    where: { id: lease.candidateId, leaseEpoch: lease.epoch },
    data: section === "agent" ? { agentRunning: on } : { hiddenRunning: on },
  });
}
