// What applying a manifest would do, without doing it: the form's "Validate". Runs the same
// validation as apply and compares with the stored goal the way apply does; never writes.
import { isDeepStrictEqual } from "node:util";
import type { PrismaClient } from "../generated/prisma/client";
import { refuseDependencyCycles } from "../dependencies/refuse-cycles";
import { validateManifest } from "./apply-goal";

export type ApplyPreview =
  | { name: string; action: "create" }
  | { name: string; action: "update"; generation: number; nextGeneration: number; specChanged: boolean; labelsChanged: boolean }
  | { name: string; action: "unchanged"; generation: number };

// An invalid manifest throws the same UserError (with field issues) that apply would.
export async function previewApply(db: PrismaClient, input: unknown): Promise<ApplyPreview> {
  const manifest = validateManifest(input);
  await db.$transaction((tx) => refuseDependencyCycles(tx, [manifest]));
  const { name, labels } = manifest.metadata;
  const existing = await db.goal.findUnique({ where: { name }, select: { spec: true, labels: true, generation: true } });
  if (!existing) return { name, action: "create" };
  const specChanged = !isDeepStrictEqual(existing.spec, manifest.spec);
  const labelsChanged = !isDeepStrictEqual(existing.labels, labels);
  if (!specChanged && !labelsChanged) return { name, action: "unchanged", generation: existing.generation };
  // Only a spec change bumps the generation; labels are metadata (as applyGoals does).
  return { name, action: "update", generation: existing.generation, nextGeneration: existing.generation + (specChanged ? 1 : 0), specChanged, labelsChanged };
}
