// Locks a goal's row for the rest of the transaction and reads it after the lock, so a decision is
// taken on the goal as it is, not as it was before a concurrent pause, cancel or approval committed.
import type { Goal, Prisma } from "../generated/prisma/client";
import { goalNotFound } from "./user-error";

export async function lockGoal(tx: Prisma.TransactionClient, name: string): Promise<Goal> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Goal" WHERE name = ${name} FOR UPDATE`;
  if (rows.length === 0) throw goalNotFound(name);
  return tx.goal.findUniqueOrThrow({ where: { id: rows[0].id } });
}

// A runner holds the goal now (its lease has not run out).
export function isHeld(goal: Pick<Goal, "leaseOwner" | "leaseExpiresAt">, now = new Date()): boolean {
  return goal.leaseOwner !== null && goal.leaseExpiresAt !== null && goal.leaseExpiresAt > now;
}
