// One iteration: what the agent changed and said, how every layer judged it, and the approval gate.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ApprovalGate } from "@/components/approval/approval-gate";
import { AgentTranscriptView, DeniedToolCalls } from "@/components/iteration/agent-transcript";
import { CandidateCards } from "@/components/iteration/candidate-cards";
import { DiffView } from "@/components/iteration/diff-view";
import { agentOutputEmpty, diffEmpty, isRemeasure, layersEmpty, promptEmpty } from "@/components/iteration/empty-sections";
import { HarnessNotice } from "@/components/iteration/harness-notice";
import { IterationSkeleton } from "@/components/iteration/iteration-skeleton";
import { IterationFacts } from "@/components/iteration/iteration-facts";
import { IterationNav } from "@/components/iteration/iteration-nav";
import { LayerResults } from "@/components/iteration/layer-results";
import { LiveOutput } from "@/components/iteration/live-output";
import { MetricResults } from "@/components/iteration/metric-results";
import { SectionPanel } from "@/components/iteration/section-panel";
import { TextBlock } from "@/components/iteration/text-block";
import { LiveRefresh } from "@/components/live-refresh";
import { PhaseBadge } from "@/components/phase-badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { db } from "@/server/db/client";
import { iterationExists } from "@/server/goals/goal-exists";
import { readCandidateDetails } from "@/server/iterations/read-candidates";
import { readIteration, readNeighbours, type IterationDetail } from "@/server/iterations/read-iteration";
import { requireCaller } from "@/server/web/require-caller";
import { parseIterationNumber } from "./iteration-number";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ name: string; number: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { name, number } = await params;
  return { title: `${safeDecode(name)} · iteration ${number}` };
}

// The address is checked before anything streams, so an unknown goal or iteration answers 404; the reads
// run under the skeleton.
export default async function IterationPage({ params }: Params) {
  await requireCaller();
  const { name: rawName, number: rawNumber } = await params;
  const name = safeDecode(rawName);
  const number = parseIterationNumber(rawNumber);
  if (number === null || !(await iterationExists(db(), name, number))) notFound();
  return (
    <Suspense fallback={<IterationSkeleton />}>
      <IterationPageBody name={name} number={number} />
    </Suspense>
  );
}

async function IterationPageBody({ name, number }: { name: string; number: number }) {
  const [iteration, neighbours, candidates] = await Promise.all([
    readIteration(db(), name, number),
    readNeighbours(db(), name, number),
    readCandidateDetails(db(), name, number),
  ]);
  if (!iteration) notFound();

  const running = iteration.phase === "Running";
  const goalPath = `/goals/${encodeURIComponent(name)}`;
  return (
    <div className="space-y-5" data-testid="iteration-page" data-phase={iteration.phase}>
      <LiveRefresh goal={name} />
      <header className="space-y-2">
        <nav aria-label="Breadcrumb" className="muted text-sm">
          <Link href="/" className="hover:text-slate-900 hover:underline dark:hover:text-white">
            Board
          </Link>
          <span aria-hidden className="mx-1.5">
            /
          </span>
          <Link href={goalPath} className="hover:text-slate-900 hover:underline dark:hover:text-white">
            {name}
          </Link>
          <span aria-hidden className="mx-1.5">
            /
          </span>
          <span aria-current="page">Iteration {number}</span>
        </nav>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <h1 className="text-xl font-semibold tracking-tight">Iteration {number}</h1>
          <PhaseBadge phase={iteration.phase} />
          {number === 0 && <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">baseline</span>}
          {isRemeasure(iteration) && (
            <span data-testid="remeasure" className="rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
              re-measure
            </span>
          )}
          {iteration.regression && (
            <span className="rounded bg-orange-100 px-1.5 text-xs text-orange-900 dark:bg-orange-900/60 dark:text-orange-100">regression</span>
          )}
          <span className="muted text-sm">
            started <TimeAgo at={iteration.startedAt} />
          </span>
          <div className="ml-auto">
            <IterationNav goal={name} previous={neighbours.previous} next={neighbours.next} />
          </div>
        </div>
      </header>

      {iteration.agentError && (
        <div
          role="alert"
          data-testid="agent-error"
          className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100"
        >
          <p className="font-semibold">{iteration.phase === "Interrupted" ? "Interrupted" : "The agent failed"}</p>
          <p className="mt-1 whitespace-pre-wrap">{iteration.agentError}</p>
        </div>
      )}

      {iteration.transcript && <DeniedToolCalls denials={iteration.transcript.denials} />}
      <HarnessNotice violations={iteration.protectViolations} layers={iteration.layers} />

      {iteration.approval && <ApprovalGate goal={name} iteration={number} />}

      {candidates && candidates.candidates.length > 0 && (
        <SectionPanel
          id="candidates"
          title="Candidates"
          aside={
            <span className="muted">
              {candidates.candidates.length} from commit {iteration.fromCommit?.slice(0, 8) ?? "–"}
              {candidates.winner !== null && <>, candidate {candidates.winner} kept</>}
            </span>
          }
        >
          <CandidateCards spec={iteration.goal.spec} targets={candidates.targets} candidates={candidates.candidates} />
        </SectionPanel>
      )}

      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_20rem] xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-5">
          {running && (
            <SectionPanel id="live" title="Live output">
              <LiveOutput goal={name} number={number} />
            </SectionPanel>
          )}
          <SectionPanel id="evaluation" title="Evaluation" aside={<LayerSummary iteration={iteration} />}>
            <LayerResults layers={iteration.layers} empty={layersEmpty(iteration)} />
          </SectionPanel>
          <SectionPanel id="changes" title="Changes">
            <DiffView diff={iteration.diff} commit={iteration.commit} empty={diffEmpty(iteration)} />
          </SectionPanel>
          {iteration.transcript && (
            <SectionPanel id="transcript" title="What the agent did" aside={<span className="muted">{iteration.transcript.steps.length} steps</span>}>
              <AgentTranscriptView transcript={iteration.transcript} />
            </SectionPanel>
          )}
          {!running && (
            <SectionPanel id="agent-output" title="Agent output">
              <TextBlock testId="agent-output" text={iteration.agentOutput} label="Agent output" empty={agentOutputEmpty(iteration)} />
            </SectionPanel>
          )}
          <details data-testid="prompt" className="panel group">
            <summary className="flex cursor-pointer items-center gap-2 px-4 py-2.5 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-blue-600">
              <span aria-hidden className="muted inline-block w-3 text-xs transition-transform group-open:rotate-90">
                ▶
              </span>
              Prompt
              <span className="muted text-xs font-normal">what the agent was given</span>
            </summary>
            <div className="border-t border-slate-200 p-4 dark:border-slate-800">
              <TextBlock text={iteration.prompt} label="Prompt" empty={promptEmpty(iteration)} />
            </div>
          </details>
        </div>
        <aside className="space-y-5">
          <SectionPanel id="metrics" title="Metrics">
            <MetricResults
              spec={iteration.goal.spec}
              judged={iteration.targets}
              metrics={iteration.metrics}
              measuredYet={iteration.phase !== "Running" && iteration.phase !== "AgentFailed" && iteration.phase !== "Interrupted"}
            />
          </SectionPanel>
          <SectionPanel id="facts" title="Details">
            <IterationFacts iteration={iteration} />
          </SectionPanel>
        </aside>
      </div>
    </div>
  );
}

// A malformed escape in the URL is a mistyped name, not a server error.
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function LayerSummary({ iteration }: { iteration: IterationDetail }) {
  if (iteration.layers.length === 0) return null;
  const failed = iteration.layers.filter((layer) => !layer.ok).length;
  return failed === 0 ? (
    <span className="text-emerald-700 dark:text-emerald-400">all {iteration.layers.length} passed</span>
  ) : (
    <span className="text-red-700 dark:text-red-400">
      {failed} of {iteration.layers.length} failed
    </span>
  );
}
