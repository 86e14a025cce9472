// The facts a gate's explanation needs: the goal's approval rules and authors, and who the people are.
import type { PrismaClient } from "../generated/prisma/client";
import { parsedSpec } from "../goals/parsed-spec";
import { gateAudience, type GateAudience, type Person } from "./gate-audience";

export async function readGateAudience(db: PrismaClient, goal: string, caller: Person): Promise<GateAudience | null> {
  const [row, people] = await Promise.all([
    db.goal.findUnique({ where: { name: goal }, select: { id: true, generation: true, spec: true, createdBy: true, updatedBy: true } }),
    db.user.findMany({ where: { disabledAt: null }, select: { name: true, role: true }, orderBy: { name: "asc" } }),
  ]);
  return row ? gateAudience(parsedSpec(row).approval, row, people, caller) : null;
}
