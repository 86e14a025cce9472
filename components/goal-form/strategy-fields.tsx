"use client";
// spec.strategy, best of N: how many candidate agents an iteration runs, which agents (round-robin), and when.
import { EXECUTOR_CATALOG, EXECUTORS } from "@/server/executors/executor-catalog";
import { MAX_CANDIDATES } from "@/server/spec/strategy-spec";
import { FieldErrors, useFieldProps } from "./form-errors";
import { emptyCandidateAgent, type CandidateAgentValues, type StrategyValues } from "./form-values";
import { fieldId } from "./issue-paths";
import { SelectField, TextField } from "./text-field";

const WHEN_OPTIONS = [
  { value: "", label: "always — every iteration runs the candidates (default)" },
  { value: "onStall", label: "onStall — one agent; the candidates once, before the goal would stall" },
];

const ROW_EXECUTORS = EXECUTORS.map((executor) => ({ value: executor, label: `${executor} — ${EXECUTOR_CATALOG[executor].label}` }));

type Props = { strategy: StrategyValues; onChange: (strategy: StrategyValues) => void };

export function StrategyFields({ strategy, onChange }: Props) {
  const set = (change: Partial<StrategyValues>) => onChange({ ...strategy, ...change });
  const addProps = useFieldProps("spec.strategy.executors");
  const rows = strategy.executors;
  const update = (index: number, change: Partial<CandidateAgentValues>) =>
    set({ executors: rows.map((row, at) => (at === index ? { ...row, ...change } : row)) });
  const add = () => {
    set({ executors: [...rows, { ...emptyCandidateAgent(), executor: EXECUTORS[0] }] });
    requestAnimationFrame(() => document.getElementById(fieldId(`spec.strategy.executors.${rows.length}.executor`))?.focus());
  };
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          path="spec.strategy.candidates"
          label="Candidates"
          value={strategy.candidates}
          inputMode="numeric"
          placeholder="1 (default)"
          onChange={(candidates) => set({ candidates })}
          hint={`1 to ${MAX_CANDIDATES}; each from the same commit, the best measured one kept.`}
        />
        <SelectField
          className="sm:col-span-2"
          path="spec.strategy.when"
          label="Run candidates"
          value={strategy.when}
          options={WHEN_OPTIONS}
          onChange={(when) => set({ when })}
        />
      </div>
      <div>
        <p className="field-label">Candidate agents</p>
        {rows.length > 0 && (
          <ul className="space-y-2">
            {rows.map((row, index) => (
              <li key={row.id} data-testid="candidate-agent-row" className="flex items-end gap-2">
                <SelectField
                  className="min-w-0 flex-1"
                  path={`spec.strategy.executors.${index}.executor`}
                  label={`Candidate agent ${index + 1}`}
                  value={row.executor}
                  options={ROW_EXECUTORS}
                  onChange={(executor) => update(index, { executor })}
                />
                <TextField
                  className="min-w-0 flex-1"
                  path={`spec.strategy.executors.${index}.model`}
                  label={`Model ${index + 1}`}
                  value={row.model}
                  mono
                  placeholder="the CLI's default"
                  onChange={(model) => update(index, { model })}
                />
                <button
                  type="button"
                  className="btn btn-sm mb-0.5"
                  aria-label={`Remove candidate agent ${index + 1}`}
                  onClick={() => set({ executors: rows.filter((_, at) => at !== index) })}
                >
                  <span aria-hidden>✕</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <button type="button" {...addProps} className="btn btn-sm mt-2" onClick={add}>
          + Add a candidate agent
        </button>
        <p className="field-hint">
          Taken round-robin, candidate 1 first; none: every candidate is the goal&apos;s agent. Other settings are the goal agent&apos;s.
        </p>
        <FieldErrors path="spec.strategy.executors" />
      </div>
    </div>
  );
}
