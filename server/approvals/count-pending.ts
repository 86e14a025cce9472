// How many iterations wait for a person: the count in the navigation on every page.
import type { PrismaClient } from "../generated/prisma/client";

export function countPendingApprovals(db: PrismaClient): Promise<number> {
  return db.iteration.count({ where: { approval: "pending" } });
}
