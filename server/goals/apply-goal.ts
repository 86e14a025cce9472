// kubectl-apply semantics: create by name, or update spec and labels and bump the generation.
import { isDeepStrictEqual } from "node:util";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { refuseDependencyCycles } from "../dependencies/refuse-cycles";
import { unconvergedDependencies, WAITING_FOR_DEPENDENCIES, waitingMessage } from "../dependencies/wait-for-dependencies";
import { recordEvent, notifyQueue } from "../events/record-event";
import { goalManifestSchema, type GoalManifest } from "../spec/goal-spec";
import { formatIssuePath, issuesToSpecErrors } from "../spec/spec-error";
import { findUnsafeValue } from "../spec/unsafe-values";
import { specUrlProblems } from "../outbound/spec-url-problems";
import { hiddenSourceProblems } from "../evaluation/hidden-source";
import { contextSourceProblems } from "../context/read-context-files";
import { repoOutsideRoots, repoRoots } from "../workspace/repo-roots";
import { TERMINAL_PHASES, type Phase } from "../loop/types";
import { newRunData } from "./new-run";
import { refreshDependents, refreshWaiting, setPhase } from "./set-phase";
import { UserError, type Issue } from "./user-error";

export type ApplyResult = { name: string; action: "created" | "configured" | "unchanged"; generation: number };

export function validateManifest(input: unknown, index = 0): GoalManifest {
  const unsafe = findUnsafeValue(input);
  if (unsafe) {
    const issue = { path: formatIssuePath(unsafe.path), message: unsafe.message };
    throw invalid(input, index, [issue]);
  }
  const parsed = goalManifestSchema.safeParse(input);
  if (parsed.success) {
    // The runner checks again before it uses the repository: this machine's folders may not be the runner's.
    const outside = repoOutsideRoots(parsed.data.spec.workspace.repo, repoRoots());
    const issues = [
      ...(outside === null ? [] : [{ path: "spec.workspace.repo", message: outside }]),
      ...specUrlProblems(parsed.data.spec),
      ...hiddenSourceProblems(parsed.data.spec),
      ...contextSourceProblems(parsed.data.spec.context),
    ];
    if (issues.length === 0) return parsed.data;
    throw invalid(input, index, issues);
  }
  throw invalid(
    input,
    index,
    issuesToSpecErrors(parsed.error.issues, input).map(({ path, message }) => ({ path, message })),
  );
}

function invalid(input: unknown, index: number, issues: Issue[]): UserError {
  const name = (input as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  const which = typeof name === "string" ? `goal '${name}'` : `manifest ${index + 1}`;
  return new UserError("BAD_REQUEST", `${which} is invalid:\n${issues.map((issue) => `  ${issue.path}: ${issue.message}`).join("\n")}`, issues);
}

export async function applyGoal(db: PrismaClient, manifest: GoalManifest, actor: string): Promise<ApplyResult> {
  return (await applyGoals(db, [manifest], actor))[0];
}

// One transaction for the batch: a failure applies none of it.
// `paused`: a goal created now waits, Paused, until someone resumes it (say, once its secrets are set).
export async function applyGoals(db: PrismaClient, manifests: GoalManifest[], actor: string, options: { paused?: boolean } = {}): Promise<ApplyResult[]> {
  try {
    return await db.$transaction(async (tx) => {
      await refuseDependencyCycles(tx, manifests);
      const results: ApplyResult[] = [];
      for (const manifest of manifests) {
        const result = await applyOne(tx, manifest, actor);
        if (options.paused && result.action === "created") await createdPaused(tx, result.name, actor);
        results.push(result);
      }
      return results;
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new UserError("CONFLICT", "a goal of the same name was created by someone else at the same moment; apply again to update it");
    }
    throw error;
  }
}

async function createdPaused(tx: Prisma.TransactionClient, name: string, actor: string): Promise<void> {
  const { id } = await tx.goal.findUniqueOrThrow({ where: { name }, select: { id: true } });
  await setPhase(tx, id, {
    phase: "Paused",
    reason: "AppliedPaused",
    message: `applied paused by ${actor}; resume it to start`,
    actor,
    data: { desired: "Pause" },
  });
}

async function applyOne(tx: Prisma.TransactionClient, manifest: GoalManifest, actor: string): Promise<ApplyResult> {
  const { name, labels } = manifest.metadata;
  const spec = manifest.spec as unknown as Prisma.InputJsonValue;
  const { dependsOn } = manifest.spec;
  const existing = await tx.goal.findUnique({
    where: { name },
    select: { id: true, spec: true, labels: true, generation: true, phase: true, dependsOn: true, reason: true, message: true },
  });
  if (!existing) {
    const waiting = await unconvergedDependencies(tx, dependsOn);
    const status = waiting.length > 0 ? { reason: WAITING_FOR_DEPENDENCIES, message: waitingMessage(waiting) } : {};
    const goal = await tx.goal.create({ data: { name, labels, spec, dependsOn, ...status, createdBy: actor, updatedBy: actor } });
    await recordEvent(tx, {
      goalId: goal.id,
      goalName: name,
      type: "Created",
      reason: "Applied",
      message: `generation 1 applied by ${actor}`,
      actor,
      data: { generation: 1 },
    });
    // Goals that named it before it existed no longer say it does not exist.
    await refreshDependents(tx, name);
    await notifyQueue(tx);
    return { name, action: "created", generation: 1 };
  }
  const specChanged = !isDeepStrictEqual(existing.spec, manifest.spec);
  const labelsChanged = !isDeepStrictEqual(existing.labels, labels);
  if (!specChanged && !labelsChanged) return { name, action: "unchanged", generation: existing.generation };
  const generation = existing.generation + (specChanged ? 1 : 0);
  await tx.goal.update({ where: { id: existing.id }, data: { labels, spec, dependsOn, generation, updatedBy: actor } });
  // New labels alone keep the generation: say so, rather than a spec change that did not happen.
  const change = specChanged
    ? { type: "SpecChanged", message: `generation ${generation} applied by ${actor}` }
    : { type: "LabelsChanged", message: `labels changed by ${actor}; generation ${generation} unchanged` };
  await recordEvent(tx, { goalId: existing.id, goalName: name, ...change, reason: "Applied", actor, data: { generation, specChanged, labelsChanged } });
  // A finished goal whose desired state changed is reconciled again, from its history.
  if (specChanged && TERMINAL_PHASES.includes(existing.phase as Phase) && existing.phase !== "Cancelled") {
    await setPhase(tx, existing.id, {
      phase: "Queued",
      reason: "SpecChanged",
      message: `generation ${generation} queued`,
      actor,
      data: { desired: "Run", nextRunAt: new Date(), ...(await newRunData(tx, existing.id)) },
    });
    await notifyQueue(tx);
  } else if (existing.phase === "Queued" && !isDeepStrictEqual(existing.dependsOn, dependsOn)) {
    if (await refreshWaiting(tx, { ...existing, dependsOn })) await notifyQueue(tx);
  }
  return { name, action: "configured", generation };
}
