// Whether a goal, or one iteration of it, exists: the one-row check a page makes before it starts to
// stream, so an unknown name answers HTTP 404 (once streaming starts the status is fixed at 200).
import type { PrismaClient } from "../generated/prisma/client";

export async function goalExists(db: PrismaClient, name: string): Promise<boolean> {
  return (await db.goal.findUnique({ where: { name }, select: { id: true } })) !== null;
}

export async function iterationExists(db: PrismaClient, name: string, number: number): Promise<boolean> {
  return (await db.iteration.findFirst({ where: { number, goal: { name } }, select: { id: true } })) !== null;
}
