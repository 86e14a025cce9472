// A finished goal that is run again (resumed, or its spec changed) starts a new run: fresh time,
// iteration, cost, stall and retry budgets, counted from its next iteration. Its history stays.
import type { Prisma } from "../generated/prisma/client";

export async function newRunData(tx: Prisma.TransactionClient, goalId: string): Promise<Prisma.GoalUpdateInput> {
  const last = await tx.iteration.findFirst({ where: { goalId }, orderBy: { number: "desc" }, select: { number: true } });
  return { runStartedAt: null, runFromIteration: last ? last.number + 1 : 0 };
}
