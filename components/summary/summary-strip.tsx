// The strip above the board and the fleet view: how many goals stand where, what waits for a person,
// how busy the loops are and what they cost today. Rendered on the server for the board and in the
// browser for the fleet view (which keeps it current itself), so it holds no state of its own.
import Link from "next/link";
import { PHASE_SWATCH, PHASE_WORDS } from "@/components/phase-badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { ATTENTION_ORDER } from "@/server/fleet/arrange-fleet";
import { NEAR_BUDGET, RECENT_HOURS, type Summary } from "@/server/fleet/summary";
import { formatCost } from "@/components/goal/format";

// basePath: the view the phase links filter ("/" or "/fleet"); now: the server's clock for the first paint.
export function SummaryStrip({ summary, basePath, now }: { summary: Summary; basePath: string; now: number }) {
  const phaseHref = (phase: string) => `${basePath}?phase=${phase}`;
  const phases = ATTENTION_ORDER.filter((phase) => summary.phases[phase as keyof Summary["phases"]] > 0);
  const needy = summary.gates.waiting + summary.failedRecently + summary.stalledRecently;
  const { budgets } = summary;
  return (
    <section
      aria-label="Summary of every goal"
      data-testid="summary-strip"
      className="panel mb-5 grid gap-x-6 gap-y-4 p-4 text-sm sm:grid-cols-2 xl:grid-cols-[minmax(0,2fr)_minmax(0,1.4fr)_minmax(0,0.8fr)_minmax(0,1.2fr)]"
    >
      <div className="min-w-0">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          <span data-testid="summary-total" className="text-slate-900 dark:text-slate-100">
            {summary.total.toLocaleString("en")}
          </span>{" "}
          goals by phase
        </h2>
        {summary.total > 0 && (
          <div className="mt-2 flex h-2 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800" aria-hidden>
            {phases.map((phase) => (
              <span
                key={phase}
                className={PHASE_SWATCH[phase]}
                style={{ width: `${(100 * summary.phases[phase as keyof Summary["phases"]]) / summary.total}%` }}
              />
            ))}
          </div>
        )}
        <ul className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs" data-testid="summary-phases">
          {phases.map((phase) => (
            <li key={phase}>
              <Link
                href={phaseHref(phase)}
                data-phase={phase}
                className="inline-flex items-center gap-1 text-slate-600 hover:text-slate-900 hover:underline dark:text-slate-300 dark:hover:text-white"
              >
                <span aria-hidden className={`h-2 w-2 rounded-full ${PHASE_SWATCH[phase]}`} />
                {PHASE_WORDS[phase] ?? phase}{" "}
                <span className="font-semibold tabular-nums text-slate-900 dark:text-slate-100">
                  {summary.phases[phase as keyof Summary["phases"]].toLocaleString("en")}
                </span>
              </Link>
            </li>
          ))}
          {phases.length === 0 && <li className="muted">No goals yet</li>}
        </ul>
      </div>

      <div className="min-w-0" data-testid="summary-needs-person">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Needs a person</h2>
        {needy === 0 ? (
          <p className="mt-2 text-slate-600 dark:text-slate-300">Nothing waits for anyone</p>
        ) : (
          <ul className="mt-1.5 space-y-1">
            {summary.gates.waiting > 0 && (
              <li>
                <Link href="/approvals" data-testid="summary-gates" className="font-medium text-amber-800 hover:underline dark:text-amber-300">
                  <span className="tabular-nums">{summary.gates.waiting.toLocaleString("en")}</span> {summary.gates.waiting === 1 ? "gate waits" : "gates wait"}{" "}
                  for approval
                </Link>
                {summary.gates.oldestSince && (
                  <span className="muted" data-testid="summary-oldest-gate">
                    {" "}
                    · oldest for <TimeAgo at={summary.gates.oldestSince} now={now} suffix="" />
                  </span>
                )}
              </li>
            )}
            {(summary.failedRecently > 0 || summary.stalledRecently > 0) && (
              <li data-testid="summary-stopped">
                {summary.failedRecently > 0 && (
                  <Link href={phaseHref("Failed")} className="font-medium text-red-700 hover:underline dark:text-red-300">
                    <span className="tabular-nums">{summary.failedRecently.toLocaleString("en")}</span> failed
                  </Link>
                )}
                {summary.failedRecently > 0 && summary.stalledRecently > 0 && <span className="muted">, </span>}
                {summary.stalledRecently > 0 && (
                  <Link href={phaseHref("Stalled")} className="font-medium text-orange-800 hover:underline dark:text-orange-300">
                    <span className="tabular-nums">{summary.stalledRecently.toLocaleString("en")}</span> stalled
                  </Link>
                )}
                <span className="muted"> in the last {RECENT_HOURS} hours</span>
              </li>
            )}
          </ul>
        )}
      </div>

      <div className="min-w-0">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">Last hour</h2>
        <p className="mt-1.5">
          <span data-testid="summary-iterations" className="text-lg font-semibold tabular-nums">
            {summary.iterationsLastHour.toLocaleString("en")}
          </span>{" "}
          <span className="muted">{summary.iterationsLastHour === 1 ? "iteration" : "iterations"}</span>
        </p>
      </div>

      <div className="min-w-0">
        <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
          Spend today <span className="font-normal normal-case tracking-normal">(UTC)</span>
        </h2>
        <p className="mt-1.5">
          <span data-testid="summary-spend" className="text-lg font-semibold tabular-nums">
            {formatCost(summary.spendTodayUsd)}
          </span>
        </p>
        {budgets.goals > 0 ? (
          <p
            className="muted text-xs"
            data-testid="summary-budgets"
            title={`This run's spend of the ${budgets.goals} goals still going that set stop.maxCostUsd, against those budgets`}
          >
            {formatCost(budgets.usedUsd)} of {formatCost(budgets.limitUsd)} in the cost budgets of {budgets.goals.toLocaleString("en")} active{" "}
            {budgets.goals === 1 ? "goal" : "goals"}
            {budgets.nearLimit > 0 && (
              <span className="font-medium text-amber-800 dark:text-amber-300">
                ; {budgets.nearLimit.toLocaleString("en")} past {Math.round(NEAR_BUDGET * 100)}%
              </span>
            )}
          </p>
        ) : (
          <p className="muted text-xs">No active goal sets a cost budget</p>
        )}
      </div>
    </section>
  );
}
