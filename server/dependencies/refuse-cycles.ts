// At apply: dependsOn must not make a cycle (a goal naming itself included), over the batch being
// applied and the goals already stored. A name no goal has yet is fine: it waits for it.
import type { Prisma } from "../generated/prisma/client";
import { UserError } from "../goals/user-error";
import type { GoalManifest } from "../spec/goal-spec";
import { findCycle, rotateCycle } from "./find-cycle";

export async function refuseDependencyCycles(tx: Prisma.TransactionClient, manifests: readonly GoalManifest[]): Promise<void> {
  // Only a goal that names another can close a cycle.
  if (!manifests.some((manifest) => manifest.spec.dependsOn.length > 0)) return;
  // Two applies that each add half of a cycle take turns, so the second sees the first.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('setpoint.dependsOn'))`;
  const stored = await tx.$queryRaw<{ name: string; dependsOn: string[] }[]>`
    SELECT name, "dependsOn" FROM "Goal" WHERE cardinality("dependsOn") > 0`;
  const edges = new Map<string, readonly string[]>(stored.map((row) => [row.name, row.dependsOn]));
  const names = manifests.map((manifest) => manifest.metadata.name);
  for (const manifest of manifests) edges.set(manifest.metadata.name, manifest.spec.dependsOn);
  const found = findCycle(edges, names);
  if (!found) return;
  const cycle = rotateCycle(found, names);
  const message =
    cycle.length === 2
      ? `a goal cannot depend on itself (${cycle.join(" → ")})`
      : `would make a dependency cycle: ${cycle.join(" → ")}; a goal waits for its dependencies to converge, so none of them would ever run`;
  const issue = { path: "spec.dependsOn", message };
  throw new UserError("BAD_REQUEST", `goal '${cycle[0]}' is invalid:\n  ${issue.path}: ${issue.message}`, [issue]);
}
