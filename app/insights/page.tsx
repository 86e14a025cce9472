// Insights across goals: how runs ended per executor and model, repository or label over a period, what
// converging took, the spend per day, why runs stopped short and how often agents were caught gaming.
// The same read as `setpoint stats` (server/insights/read-insights.ts).
import type { Metadata } from "next";
import { CostPerDayChart } from "@/components/insights/cost-per-day-chart";
import { CandidateWinsTable } from "@/components/insights/candidate-wins-table";
import { Endings, GamingTable } from "@/components/insights/endings-and-gaming";
import { InsightsControls } from "@/components/insights/insights-controls";
import { InsightsTable } from "@/components/insights/insights-table";
import { EmptyState } from "@/components/ui/empty-state";
import { db } from "@/server/db/client";
import { readFleetChoices } from "@/server/fleet/read-fleet-choices";
import { parseInsightsParams } from "@/server/insights/insights-query";
import { OUTCOMES, readInsights } from "@/server/insights/read-insights";
import { formatUsd } from "@/server/loop/stop-messages";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Insights" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function InsightsPage({ searchParams }: Props) {
  await requireCaller();
  const { query, errors } = parseInsightsParams(await searchParams);
  const [insights, choices] = await Promise.all([readInsights(db(), query), readFleetChoices(db())]);
  const ended = OUTCOMES.reduce((sum, outcome) => sum + insights.totals.runs[outcome], 0);
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-x-6 gap-y-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Insights</h1>
          <p className="muted mt-0.5 text-sm">
            How runs ended and what converging took, {insights.since.slice(0, 10)} to {insights.lastDay} (UTC). Also{" "}
            <code className="text-xs">npx setpoint stats</code>.
          </p>
        </div>
        <InsightsControls by={insights.by} days={insights.days} labelKeys={choices.labelKeys} errors={errors} />
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="insights-totals">
        {[
          ...OUTCOMES.map((outcome) => ({ label: outcome, value: String(insights.totals.runs[outcome]) })),
          { label: "Converged of ended", value: ended === 0 ? "–" : `${Math.round((insights.totals.runs.Converged / ended) * 100)}%` },
          { label: "Spent", value: formatUsd(insights.totals.costUsd) },
        ].map((item) => (
          <div key={item.label} className="panel px-4 py-3" data-testid={`total-${item.label}`}>
            <dt className="muted text-xs font-medium">{item.label}</dt>
            <dd className="mt-1 text-xl font-semibold tabular-nums">{item.value}</dd>
          </div>
        ))}
      </dl>
      <CostPerDayChart days={insights.costPerDay} />
      {insights.rows.length === 0 ? (
        <EmptyState title="No run ended and nothing was spent in this period">Pick a longer period, or come back once goals have run.</EmptyState>
      ) : (
        <InsightsTable rows={insights.rows} by={insights.by} />
      )}
      <div className="grid gap-5 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <Endings endings={insights.endings} />
        {insights.gaming ? (
          <GamingTable rows={insights.gaming} />
        ) : (
          <p className="muted self-center text-sm">Gaming is counted per executor and model: group by executor to see it.</p>
        )}
      </div>
      <CandidateWinsTable rows={insights.candidateWins} />
    </div>
  );
}
