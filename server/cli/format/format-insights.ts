// `stats`: a table per group of how runs ended and what converging took, then the spend per day, why runs
// stopped short, (by executor) how often each agent was caught gaming, and how often each won when candidates competed.
import type { Insights } from "../api-types";
import { groupName } from "../../insights/insights-query";
import { formatUsd } from "../../loop/stop-messages";
import { formatDuration } from "./format-age";
import { formatExecutorTable } from "./format-executor-table";
import { formatTable } from "./format-table";

export function formatInsights(insights: Insights): string {
  const period = `the last ${insights.days} ${insights.days === 1 ? "day" : "days"} (${insights.since.slice(0, 10)} to ${insights.lastDay}, UTC)`;
  if (insights.rows.length === 0) return `No run ended and nothing was spent in ${period}.\n`;
  const parts = [
    `Runs that ended in ${period}, by ${insights.by}; medians over the runs that converged.\n`,
    formatTable(
      [insights.by.toUpperCase(), "GOALS", "CONVERGED", "STALLED", "FAILED", "EXHAUSTED", "CONVERGED%", "ITERATIONS", "COST", "TIME", "SPENT"],
      insights.rows.map((row) => [
        groupName(row, insights.by),
        String(row.goals),
        String(row.runs.Converged),
        String(row.runs.Stalled),
        String(row.runs.Failed),
        String(row.runs.Exhausted),
        row.convergenceRate === null ? "-" : `${Math.round(row.convergenceRate * 100)}%`,
        row.toConverge.iterations === null ? "-" : String(Math.round(row.toConverge.iterations * 10) / 10),
        row.toConverge.costUsd === null ? "-" : formatUsd(row.toConverge.costUsd),
        row.toConverge.minutes === null ? "-" : formatDuration(row.toConverge.minutes * 60_000),
        formatUsd(row.costUsd),
      ]),
    ),
    `\nSpent per day (total ${formatUsd(insights.totals.costUsd)}):\n`,
    formatTable(
      ["DAY", "SPENT"],
      insights.costPerDay.filter((day) => day.costUsd > 0).map((day) => [day.day, formatUsd(day.costUsd)]),
    ),
  ];
  if (insights.endings.length > 0) {
    parts.push(
      "\nWhy runs stopped short:\n",
      formatTable(
        ["OUTCOME", "REASON", "RUNS"],
        insights.endings.map((ending) => [ending.outcome, ending.reason || "-", String(ending.runs)]),
      ),
    );
  }
  if (insights.gaming && insights.gaming.length > 0) parts.push("\nCaught gaming, of the agent iterations each ran:\n", formatExecutorTable(insights.gaming));
  if (insights.candidateWins.length > 0) {
    parts.push(
      "\nWins when candidates of different agents competed (best of N):\n",
      formatTable(
        ["EXECUTOR", "MODEL", "COMPETED", "WON"],
        insights.candidateWins.map((row) => [row.executor, row.model ?? "-", String(row.competed), `${row.won} (${Math.round(row.rate * 1000) / 10}%)`]),
      ),
    );
  }
  return parts.join("");
}
