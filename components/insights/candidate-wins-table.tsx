// Best of N: how often each executor and model was kept when makers competed on the same iteration.
import { TableHead } from "@/components/ui/table-head";
import type { CandidateWins } from "@/server/insights/count-candidate-wins";

export function CandidateWinsTable({ rows }: { rows: CandidateWins[] }) {
  return (
    <section className="panel overflow-x-auto" data-testid="candidate-wins" aria-labelledby="candidate-wins-title">
      <h2 id="candidate-wins-title" className="px-4 pt-3 text-sm font-semibold">
        Wins when candidates compete
      </h2>
      <p className="muted px-4 text-xs">
        Best of N: iterations in the period whose candidates came from more than one executor or model, and how often each one&apos;s candidate was kept.
      </p>
      {rows.length === 0 ? (
        <p className="muted px-4 py-3 text-sm">No iteration in this period had candidates from different agents.</p>
      ) : (
        <table className="mt-2 w-full text-sm">
          <TableHead columns={["Executor", "Model", { label: "Competed", right: true }, { label: "Won", right: true }]} />
          <tbody className="tabular-nums">
            {rows.map((row) => (
              <tr
                key={`${row.executor}/${row.model}`}
                data-executor={row.executor}
                data-model={row.model ?? ""}
                className="border-b border-slate-100 last:border-b-0 dark:border-slate-800"
              >
                <td className="px-4 py-2.5">{row.executor}</td>
                <td className="px-4 py-2.5">{row.model ?? "–"}</td>
                <td className="px-4 py-2.5 text-right">{row.competed}</td>
                <td className="px-4 py-2.5 text-right">
                  {row.won} ({Math.round(row.rate * 1000) / 10}%)
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
