// Edit a goal's spec: the same form, filled with the stored spec; saving a change bumps the generation.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { GoalForm } from "@/components/goal-form/goal-form";
import { GoalFormSkeleton } from "@/components/goal-form/goal-form-skeleton";
import { PhaseBadge } from "@/components/phase-badge";
import { db } from "@/server/db/client";
import { editableManifest } from "@/server/goals/editable-manifest";
import { goalExists } from "@/server/goals/goal-exists";
import { getGoal } from "@/server/goals/read-goals";
import { UserError } from "@/server/goals/user-error";
import { sandboxSupport } from "@/server/process/sandbox-support";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Edit ${goalName((await params).name)}` };
}

// The name is checked before anything streams, so an unknown goal answers 404; the form loads under the skeleton.
export default async function EditGoalPage({ params }: Params) {
  await requireCaller("operate");
  const name = goalName((await params).name);
  if (!(await goalExists(db(), name))) notFound();
  return (
    <Suspense fallback={<GoalFormSkeleton title="Edit goal" />}>
      <EditGoalBody name={name} />
    </Suspense>
  );
}

async function EditGoalBody({ name }: { name: string }) {
  const goal = await getGoal(db(), name).catch((error: unknown) => {
    if (error instanceof UserError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!goal) notFound();
  const manifest = editableManifest(goal);
  return (
    <div>
      <div className="mb-6">
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500 dark:text-slate-400">
          <Link href="/" className="hover:underline">
            Board
          </Link>{" "}
          <span aria-hidden>/</span>{" "}
          <Link href={`/goals/${encodeURIComponent(goal.metadata.name)}`} className="hover:underline">
            {goal.metadata.name}
          </Link>{" "}
          <span aria-hidden>/</span> Edit
        </nav>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            Edit <span className="font-mono">{goal.metadata.name}</span>
          </h1>
          <PhaseBadge phase={goal.status.phase} />
          <span
            data-testid="goal-generation"
            className="rounded-full border border-slate-300 px-2 py-0.5 text-xs font-medium tabular-nums text-slate-700 dark:border-slate-700 dark:text-slate-300"
          >
            generation {goal.metadata.generation}
          </span>
        </div>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
          A running goal picks up a new generation at its next step; a finished goal starts a new run from its best commit. Label changes alone keep the
          generation.
        </p>
      </div>
      <GoalForm mode="edit" initialManifest={manifest} generation={goal.metadata.generation} sandboxSupport={await sandboxSupport()} />
    </div>
  );
}

// The segment as the name it stands for; a malformed escape is just a name no goal has.
function goalName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
