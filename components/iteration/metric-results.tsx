// The iteration's measurements against the goal's targets (met or how far off), then any other metric.
import { distance } from "@/server/loop/distance";
import { describeTarget, formatValue, measured, specTargets, type MetricTarget } from "@/server/loop/spec-targets";
import type { GoalSpec } from "@/server/spec/goal-spec";

// judged: the targets the loop judged this iteration against (relative ones resolved); the spec's otherwise.
export function MetricResults({
  spec,
  judged,
  metrics,
  measuredYet,
}: {
  spec: GoalSpec;
  judged?: MetricTarget[];
  metrics: Record<string, number>;
  measuredYet: boolean;
}) {
  const targets = judged ?? safeTargets(spec);
  const targeted = new Set(targets.map((target) => target.metric));
  const others = Object.entries(metrics).filter(([metric]) => !targeted.has(metric));
  return (
    <div className="space-y-3">
      <table className="w-full text-sm">
        <thead>
          <tr className="muted text-left text-xs">
            <th className="pb-1 font-medium">Metric</th>
            <th className="pb-1 text-right font-medium">Value</th>
            <th className="pb-1 pl-3 font-medium">Target</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((target) => {
            const value = measured(metrics, target.metric);
            const met = value !== undefined && distance(target.target, value) === 0;
            return (
              <tr key={target.metric} data-metric={target.metric} data-met={String(met)} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1.5 pr-2 font-mono text-xs break-all">{target.metric}</td>
                <td className="py-1.5 text-right font-mono text-xs tabular-nums">
                  {value === undefined ? <span className="muted">–</span> : formatValue(value)}
                </td>
                <td className="py-1.5 pl-3 text-xs whitespace-nowrap">
                  <span className="font-mono">{describeTarget(target)}</span>{" "}
                  {measuredYet &&
                    (met ? (
                      <span className="text-emerald-700 dark:text-emerald-400">
                        <span aria-hidden>✓</span> met
                      </span>
                    ) : (
                      <span className="text-red-700 dark:text-red-400">
                        <span aria-hidden>✕</span> {value === undefined ? "not measured" : "not met"}
                      </span>
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {others.length > 0 && (
        <details className="group text-xs">
          <summary className="muted cursor-pointer hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:text-white">
            {others.length} other {others.length === 1 ? "metric" : "metrics"}
          </summary>
          <dl className="mt-2 grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 font-mono">
            {others.map(([metric, value]) => (
              <div key={metric} className="contents">
                <dt className="muted break-all">{metric}</dt>
                <dd className="text-right tabular-nums">{formatValue(value)}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </div>
  );
}

// A stored spec was validated when applied; should one still not parse, show no targets rather than fail the page.
function safeTargets(spec: GoalSpec): MetricTarget[] {
  try {
    return specTargets(spec);
  } catch {
    return [];
  }
}
