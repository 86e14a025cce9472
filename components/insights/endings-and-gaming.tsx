// Why runs stopped short of their targets, and (grouped by executor) how often each agent was caught gaming.
import { TableHead } from "@/components/ui/table-head";
import type { ExecutorGaming } from "@/server/insights/count-gaming";
import type { Insights } from "@/server/insights/read-insights";

export function Endings({ endings }: { endings: Insights["endings"] }) {
  return (
    <section className="panel p-4" data-testid="endings" aria-labelledby="endings-title">
      <h2 id="endings-title" className="mb-2 text-sm font-semibold">
        Why runs stopped short
      </h2>
      {endings.length === 0 ? (
        <p className="muted text-sm">Every run that ended in this period converged.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {endings.map((ending) => (
            <li key={`${ending.outcome}/${ending.reason}`} className="flex justify-between gap-3">
              <span>
                <span className="font-medium">{ending.outcome}</span>
                {ending.reason && ending.reason !== ending.outcome && <span className="muted"> · {ending.reason}</span>}
              </span>
              <span className="tabular-nums">{ending.runs}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function GamingTable({ rows }: { rows: ExecutorGaming[] }) {
  const cell = (count: ExecutorGaming["hiddenFailed"]) => `${count.iterations} (${Math.round(count.rate * 1000) / 10}%)`;
  return (
    <section className="panel overflow-x-auto" data-testid="gaming" aria-labelledby="gaming-title">
      <h2 id="gaming-title" className="px-4 pt-3 text-sm font-semibold">
        Caught gaming
      </h2>
      <p className="muted px-4 text-xs">
        Of the agent iterations each ran in the period: changed a protected path, passed visible checks while hidden ones failed, claimed success with no
        change.
      </p>
      {rows.length === 0 ? (
        <p className="muted px-4 py-3 text-sm">No agent iteration ran in this period.</p>
      ) : (
        <table className="mt-2 w-full text-sm">
          <TableHead
            columns={[
              "Executor",
              "Model",
              { label: "Iterations", right: true },
              { label: "Protected paths", right: true },
              { label: "Hidden failed", right: true },
              { label: "No-change claims", right: true },
            ]}
          />
          <tbody className="tabular-nums">
            {rows.map((row) => (
              <tr key={`${row.executor}/${row.model}`} className="border-b border-slate-100 last:border-b-0 dark:border-slate-800">
                <td className="px-4 py-2.5">{row.executor}</td>
                <td className="px-4 py-2.5">{row.model ?? "–"}</td>
                <td className="px-4 py-2.5 text-right">{row.iterations}</td>
                <td className="px-4 py-2.5 text-right">{cell(row.protectViolations)}</td>
                <td className="px-4 py-2.5 text-right">{cell(row.hiddenFailed)}</td>
                <td className="px-4 py-2.5 text-right">{cell(row.claimedWithoutChange)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
