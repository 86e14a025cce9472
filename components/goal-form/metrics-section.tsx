"use client";
// Target metrics: each a metric name, an operator and a number or a bound relative to the run's history
// ("baseline * 1.05", "best - 0.01"); the goal converges when all hold.
import { TARGET_OPS, type TargetOp } from "@/server/spec/metric-target";
import { emptyMetric, type MetricValues } from "./form-values";
import { FieldErrors, useFieldProps } from "./form-errors";
import { fieldId } from "./issue-paths";

type Props = { metrics: MetricValues[]; suggestions: string[]; onChange: (metrics: MetricValues[]) => void };

export function MetricsSection({ metrics, suggestions, onChange }: Props) {
  const addProps = useFieldProps("spec.metrics");
  const update = (index: number, change: Partial<MetricValues>) => onChange(metrics.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const add = () => {
    onChange([...metrics, emptyMetric()]);
    requestAnimationFrame(() => document.getElementById(fieldId(`spec.metrics.${metrics.length}.metric`))?.focus());
  };
  return (
    <div>
      <datalist id="metric-suggestions">
        {suggestions.map((metric) => (
          <option key={metric} value={metric} />
        ))}
      </datalist>
      {metrics.length > 0 && (
        <ul className="space-y-2">
          {metrics.map((row, index) => (
            <MetricRow
              key={row.id}
              index={index}
              row={row}
              onChange={(change) => update(index, change)}
              onRemove={() => onChange(metrics.filter((_, at) => at !== index))}
            />
          ))}
        </ul>
      )}
      <button type="button" {...addProps} className="btn btn-sm mt-3" onClick={add}>
        + Add target metric
      </button>
      <FieldErrors path="spec.metrics" />
    </div>
  );
}

function MetricRow({
  index,
  row,
  onChange,
  onRemove,
}: {
  index: number;
  row: MetricValues;
  onChange: (change: Partial<MetricValues>) => void;
  onRemove: () => void;
}) {
  const base = `spec.metrics.${index}`;
  const metric = useFieldProps(`${base}.metric`);
  const target = useFieldProps(`${base}.target`);
  const opId = `${fieldId(base)}-op`;
  return (
    <li data-testid="metric-row" className="rounded-md border border-slate-200 bg-slate-50/60 p-3 dark:border-slate-800 dark:bg-slate-950/40">
      <div className="grid grid-cols-[minmax(0,1fr)_5.5rem_10rem_auto] items-end gap-2">
        <div>
          <label htmlFor={metric.id} className="field-label text-xs">
            Metric
          </label>
          <input
            {...metric}
            list="metric-suggestions"
            className="input dark:placeholder:text-slate-500 font-mono text-[13px]"
            value={row.metric}
            placeholder="tests.pass_ratio"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => onChange({ metric: event.target.value })}
          />
        </div>
        <div>
          <label htmlFor={opId} className="field-label text-xs">
            Operator
          </label>
          <select
            id={opId}
            className="input dark:placeholder:text-slate-500 font-mono"
            value={row.op}
            onChange={(event) => onChange({ op: event.target.value as TargetOp })}
          >
            {TARGET_OPS.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={target.id} className="field-label text-xs">
            Target value
          </label>
          <input
            {...target}
            className="input dark:placeholder:text-slate-500 font-mono text-[13px]"
            value={row.value}
            placeholder="1"
            title="A number, or baseline or best with an optional * / + - number: 'baseline * 1.05' keeps within 5% of the baseline"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => onChange({ value: event.target.value })}
          />
        </div>
        <button type="button" className="btn btn-sm mb-0.5" aria-label={`Remove target metric ${row.metric || index + 1}`} onClick={onRemove}>
          <span aria-hidden>✕</span>
        </button>
      </div>
      <FieldErrors path={`${base}.metric`} />
      <FieldErrors path={`${base}.target`} />
    </li>
  );
}
