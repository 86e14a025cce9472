// Create a goal with the form (or its YAML tab), optionally starting from the demo calculator goal.
import type { Metadata } from "next";
import Link from "next/link";
import { GoalForm } from "@/components/goal-form/goal-form";
import { db } from "@/server/db/client";
import { readDemoExample } from "@/server/demo/demo-example";
import { sandboxSupport } from "@/server/process/sandbox-support";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New goal" };

export default async function NewGoalPage() {
  await requireCaller("operate");
  const [demo, sandbox] = await Promise.all([readDemoExample(db()), sandboxSupport()]);
  return (
    <div>
      <div className="mb-6">
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500 dark:text-slate-400">
          <Link href="/" className="hover:underline">
            Board
          </Link>{" "}
          <span aria-hidden>/</span> New goal
        </nav>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">New goal</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
          Describe what an agent should achieve and how to measure it. A runner then loops the agent until every target metric holds, or a stop condition ends
          the run. Prefer a file? Switch to the YAML tab, or run <code className="code-inline">npx setpoint apply -f goal.yaml</code>.
        </p>
      </div>
      <GoalForm mode="create" initialManifest={null} demo={demo} sandboxSupport={sandbox} />
    </div>
  );
}
