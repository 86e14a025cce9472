"use client";
// When the loop stops, and how it retries a failing agent.
import type { FormValues } from "./form-values";
import { defaultPlaceholder } from "./schema-defaults";
import { SelectField, TextField } from "./text-field";

type Props = { values: FormValues; onChange: (change: Partial<FormValues>) => void };

export function LimitsFields({ values, onChange }: Props) {
  const stop = (change: Partial<FormValues["stop"]>) => onChange({ stop: { ...values.stop, ...change } });
  const retry = (change: Partial<FormValues["retry"]>) => onChange({ retry: { ...values.retry, ...change } });
  return (
    <div className="space-y-5">
      <fieldset>
        <legend className="mb-2 text-sm font-semibold text-slate-800 dark:text-slate-200">Stop conditions</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            path="spec.stop.maxIterations"
            label="Max iterations"
            value={values.stop.maxIterations}
            inputMode="numeric"
            placeholder={defaultPlaceholder("spec.stop.maxIterations")}
            onChange={(maxIterations) => stop({ maxIterations })}
          />
          <TextField
            path="spec.stop.maxDurationMinutes"
            label="Max duration (minutes)"
            value={values.stop.maxDurationMinutes}
            inputMode="decimal"
            placeholder={defaultPlaceholder("spec.stop.maxDurationMinutes")}
            onChange={(maxDurationMinutes) => stop({ maxDurationMinutes })}
          />
          <TextField
            path="spec.stop.maxCostUsd"
            label="Max cost (USD)"
            value={values.stop.maxCostUsd}
            inputMode="decimal"
            placeholder="no limit"
            onChange={(maxCostUsd) => stop({ maxCostUsd })}
          />
          <TextField
            path="spec.stop.stallIterations"
            label="Stall after (iterations)"
            value={values.stop.stallIterations}
            inputMode="numeric"
            placeholder={defaultPlaceholder("spec.stop.stallIterations")}
            onChange={(stallIterations) => stop({ stallIterations })}
            hint="Stop when this many iterations in a row improve no target."
          />
          <SelectField
            className="sm:col-span-2"
            path="spec.stop.onRegression"
            label="On regression"
            value={values.stop.onRegression}
            options={[
              { value: "", label: "revert — next iteration starts from the best commit (default)" },
              { value: "keep", label: "keep — build on the regressed commit" },
            ]}
            onChange={(onRegression) => stop({ onRegression: onRegression as FormValues["stop"]["onRegression"] })}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend className="mb-2 text-sm font-semibold text-slate-800 dark:text-slate-200">Retry</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField
            path="spec.retry.maxAgentFailures"
            label="Max agent failures"
            value={values.retry.maxAgentFailures}
            inputMode="numeric"
            placeholder={defaultPlaceholder("spec.retry.maxAgentFailures")}
            onChange={(maxAgentFailures) => retry({ maxAgentFailures })}
            hint="Agent failures in a row that are retried; one more fails the goal."
          />
          <TextField
            path="spec.retry.backoffSeconds"
            label="Backoff (seconds)"
            value={values.retry.backoffSeconds}
            inputMode="decimal"
            placeholder={defaultPlaceholder("spec.retry.backoffSeconds")}
            onChange={(backoffSeconds) => retry({ backoffSeconds })}
          />
        </div>
      </fieldset>
    </div>
  );
}
