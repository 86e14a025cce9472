// A best-of-N iteration's candidates side by side: who made each, its metrics against the targets, size, cost
// and time, the kept one marked with why, and each one's diff and layer logs a click away.
import type { CandidateDetail } from "@/server/iterations/read-candidates";
import type { MetricTarget } from "@/server/loop/spec-targets";
import { formatUsd } from "@/server/loop/stop-messages";
import type { GoalSpec } from "@/server/spec/goal-spec";
import type { ReactNode } from "react";
import { DiffView } from "./diff-view";
import { formatDuration } from "./format-duration";
import { LayerResults } from "./layer-results";
import { MetricResults } from "./metric-results";

type Props = { spec: GoalSpec; targets: MetricTarget[]; candidates: CandidateDetail[] };

export function CandidateCards({ spec, targets, candidates }: Props) {
  return (
    <ol className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" data-testid="candidates">
      {candidates.map((candidate) => (
        <li
          key={candidate.number}
          data-testid="candidate"
          data-number={candidate.number}
          data-winner={String(candidate.winner)}
          data-phase={candidate.phase}
          className={`min-w-0 rounded-md border p-3 ${candidate.winner ? "border-emerald-400 ring-1 ring-emerald-300 dark:border-emerald-700 dark:ring-emerald-800" : "border-slate-200 dark:border-slate-800"}`}
        >
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-semibold">Candidate {candidate.number}</h3>
            {candidate.winner && (
              <span
                data-testid="candidate-winner"
                className="rounded bg-emerald-100 px-1.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-100"
              >
                kept
              </span>
            )}
            <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">{candidate.phase}</span>
          </div>
          <p className="mt-1 font-mono text-xs">
            {candidate.executor}
            {candidate.model && <span className="muted"> · {candidate.model}</span>}
          </p>
          {candidate.verdict && (
            <p data-testid="candidate-verdict" className="mt-2 text-sm">
              {candidate.verdict}
            </p>
          )}
          {candidate.agentError && <p className="mt-2 text-sm text-red-700 dark:text-red-400">{candidate.agentError}</p>}
          <div className="mt-3">
            <MetricResults spec={spec} judged={targets} metrics={candidate.metrics} measuredYet={candidate.phase === "Evaluated"} />
          </div>
          <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-1 text-xs">
            <Fact label="Targets met">
              {candidate.targetsMet} of {targets.length}
            </Fact>
            <Fact label="Changed">
              {plural(candidate.changedFiles, "file")}, {plural(candidate.changedLines, "line")}
            </Fact>
            <Fact label="Cost">{formatUsd(candidate.costUsd)}</Fact>
            <Fact label="Duration">{formatDuration(candidate.durationMs)}</Fact>
            {!candidate.policyOk && (
              <Fact label="Policy">
                <span className="text-red-700 dark:text-red-400">failed</span>
              </Fact>
            )}
          </dl>
          <Fold label="Diff" testId="candidate-diff">
            <DiffView diff={candidate.diff} commit={candidate.commit} empty="This candidate changed nothing." />
          </Fold>
          <Fold label={`Layers (${candidate.layers.length})`} testId="candidate-layers">
            <LayerResults layers={candidate.layers} empty="No layer ran for this candidate." />
          </Fold>
        </li>
      ))}
    </ol>
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="contents">
      <dt className="muted">{label}</dt>
      <dd className="tabular-nums">{children}</dd>
    </div>
  );
}

function Fold({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <details data-testid={testId} className="group mt-3 border-t border-slate-100 pt-2 dark:border-slate-800">
      <summary className="flex cursor-pointer items-center gap-1 text-xs text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-300 dark:hover:text-white">
        <span aria-hidden className="inline-block w-3 transition-transform group-open:rotate-90">
          ▶
        </span>
        {label}
      </summary>
      <div className="mt-2">{children}</div>
    </details>
  );
}
