// Edit a goal's spec: the same form, filled with the stored spec; saving a change bumps the generation.
import type { Metadata } from "next";
import Link from "next/link";
import { GoalForm } from "@/components/goal-form/goal-form";
import { PhaseBadge } from "@/components/phase-badge";
import { db } from "@/server/db/client";
import { getGoal } from "@/server/goals/read-goals";
import { UserError } from "@/server/goals/user-error";
import { requireCaller } from "@/server/web/require-caller";
import GoalNotFound from "./not-found";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Edit ${goalName((await params).name)}` };
}

export default async function EditGoalPage({ params }: Params) {
  await requireCaller("operate");
  const name = goalName((await params).name);
  const goal = await getGoal(db(), name).catch((error: unknown) => {
    if (error instanceof UserError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  // Rendered in place rather than with notFound(): under the loading skeleton the page is already
  // streaming, and a thrown notFound() would only appear once the client has rendered it again.
  if (!goal) return <GoalNotFound name={name} />;
  const manifest = { apiVersion: goal.apiVersion, kind: goal.kind, metadata: { name: goal.metadata.name, labels: goal.metadata.labels }, spec: goal.spec };
  return (
    <div>
      <div className="mb-6">
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500 dark:text-slate-400">
          <Link href="/" className="hover:underline">Board</Link> <span aria-hidden>/</span>{" "}
          <Link href={`/goals/${encodeURIComponent(goal.metadata.name)}`} className="hover:underline">{goal.metadata.name}</Link> <span aria-hidden>/</span> Edit
        </nav>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">Edit <span className="font-mono">{goal.metadata.name}</span></h1>
          <PhaseBadge phase={goal.status.phase} />
          <span data-testid="goal-generation" className="rounded-full border border-slate-300 px-2 py-0.5 text-xs font-medium tabular-nums text-slate-700 dark:border-slate-700 dark:text-slate-300">
            generation {goal.metadata.generation}
          </span>
        </div>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
          A running goal picks up a new generation at its next step; a finished goal starts a new run from its best commit. Label changes alone keep the generation.
        </p>
      </div>
      <GoalForm mode="edit" initialManifest={manifest} generation={goal.metadata.generation} />
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
