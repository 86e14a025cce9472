// Goal names for pickers (the form's dependsOn): those starting with what was typed, in order, a page
// at a time, read from the name's unique index, so a picker stays small however many goals there are.
import type { PrismaClient } from "../generated/prisma/client";

export type GoalNames = { names: string[]; more: boolean };

export async function listGoalNames(db: PrismaClient, query: { prefix?: string; limit?: number } = {}): Promise<GoalNames> {
  const limit = query.limit ?? 50;
  const rows = await db.goal.findMany({
    where: query.prefix ? { name: { startsWith: query.prefix } } : {},
    select: { name: true },
    orderBy: { name: "asc" },
    take: limit + 1,
  });
  return { names: rows.slice(0, limit).map((row) => row.name), more: rows.length > limit };
}
