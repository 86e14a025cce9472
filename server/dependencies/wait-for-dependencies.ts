// spec.dependsOn: a queued goal is claimed only once every goal it names has converged (the claim's
// SQL, server/queue/claim-next-goal.ts, is what holds it back). This says so on the goal: reason
// WaitingForDependencies and a message naming the goals it still waits for.
import type { Prisma } from "../generated/prisma/client";

type Tx = Prisma.TransactionClient;

export const WAITING_FOR_DEPENDENCIES = "WaitingForDependencies";
export const DEPENDENCIES_CONVERGED = "DependenciesConverged";

export type Unconverged = { name: string; exists: boolean };

// The goals among `names` that have not converged, in the order named; a name no goal has yet waits too.
export async function unconvergedDependencies(tx: Tx, names: readonly string[]): Promise<Unconverged[]> {
  if (names.length === 0) return [];
  const unique = [...new Set(names)];
  const rows = await tx.goal.findMany({ where: { name: { in: unique } }, select: { name: true, phase: true } });
  const phases = new Map(rows.map((row) => [row.name, row.phase]));
  return unique.filter((name) => phases.get(name) !== "Converged").map((name) => ({ name, exists: phases.has(name) }));
}

export function waitingMessage(unconverged: readonly Unconverged[]): string {
  const missing = unconverged.filter((dependency) => !dependency.exists).map((dependency) => dependency.name);
  const names = unconverged.map((dependency) => dependency.name).join(", ");
  const note = missing.length === 0 ? "" : ` (no goal is named ${missing.join(", ")} yet)`;
  return `waits for ${names} to converge${note}`;
}

export function dependenciesConvergedMessage(names: readonly string[]): string {
  return `every goal it depends on has converged (${[...new Set(names)].join(", ")})`;
}

// The goals that name `name` in dependsOn and sit in the queue (the GIN index on "dependsOn").
// Locked rows are skipped: whoever holds one is changing it right now, and the claim's SQL decides
// whether it may run, whatever its message says.
export function queuedDependents(tx: Tx, name: string) {
  return tx.$queryRaw<{ id: string; dependsOn: string[]; reason: string; message: string }[]>`
    SELECT id, "dependsOn", reason, message FROM "Goal"
    WHERE "dependsOn" @> ARRAY[${name}]::text[] AND phase = 'Queued'
    ORDER BY id
    FOR UPDATE SKIP LOCKED`;
}
