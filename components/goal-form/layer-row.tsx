"use client";
// One evaluation layer: a command and its parser, policy checks on the diff, or a reviewer agent.
import { DEFAULT_PARSER, PARSERS, parserEntry } from "@/server/evaluation/parse-catalog";
import { AgentFields } from "./agent-fields";
import type { LayerKind, LayerValues } from "./form-values";
import { KeyValueList } from "./key-value-list";
import { SelectField, TextField } from "./text-field";

export const KIND_OPTIONS: { value: LayerKind; label: string }[] = [
  { value: "run", label: "run — a command and its parser" },
  { value: "policy", label: "policy — checks on the diff" },
  { value: "agent", label: "agent — a reviewer agent" },
];

type Props = {
  index: number;
  count: number;
  layer: LayerValues;
  onChange: (layer: LayerValues) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
};

export function LayerRow({ index, count, layer, onChange, onMove, onRemove }: Props) {
  const path = `spec.evaluation.layers.${index}`;
  const set = (change: Partial<LayerValues>) => onChange({ ...layer, ...change });
  const title = layer.name.trim() || `layer ${index + 1}`;
  return (
    <li
      data-testid="layer-row"
      data-kind={layer.kind}
      id={`layer-${layer.id}`}
      className="rounded-md border border-slate-200 bg-slate-50/60 dark:border-slate-800 dark:bg-slate-950/40"
    >
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <span
          className="flex h-6 w-6 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold tabular-nums text-slate-700 dark:bg-slate-800 dark:text-slate-200"
          aria-hidden
        >
          {index + 1}
        </span>
        <span className={`rounded px-1.5 py-0.5 font-mono text-[11px] font-medium uppercase tracking-wide ${KIND_BADGE[layer.kind]}`}>{layer.kind}</span>
        <span className="truncate font-mono text-sm">{layer.name.trim() || <span className="muted italic">unnamed</span>}</span>
        <div className="ml-auto flex gap-1">
          <button
            type="button"
            id={`layer-${layer.id}-up`}
            className="btn btn-sm"
            disabled={index === 0}
            aria-label={`Move ${title} up`}
            onClick={() => onMove(-1)}
          >
            <span aria-hidden>↑</span>
          </button>
          <button
            type="button"
            id={`layer-${layer.id}-down`}
            className="btn btn-sm"
            disabled={index === count - 1}
            aria-label={`Move ${title} down`}
            onClick={() => onMove(1)}
          >
            <span aria-hidden>↓</span>
          </button>
          <button type="button" className="btn btn-sm btn-danger" aria-label={`Remove ${title}`} onClick={onRemove}>
            Remove
          </button>
        </div>
      </div>
      <div className="grid gap-4 p-3 sm:grid-cols-2">
        <TextField
          path={`${path}.name`}
          label="Layer name"
          value={layer.name}
          mono
          placeholder="tests"
          onChange={(name) => set({ name })}
          hint="Metrics are reported as <layer name>.<metric>."
        />
        <SelectField path={`${path}.kind`} label="Kind" value={layer.kind} options={KIND_OPTIONS} onChange={(kind) => set({ kind: kind as LayerKind })} />
        {layer.kind === "run" && <RunFields path={path} layer={layer} set={set} />}
        {layer.kind === "policy" && <PolicyFields path={path} layer={layer} set={set} />}
        {layer.kind === "agent" && (
          <div className="sm:col-span-2">
            <AgentFields path={`${path}.agent`} role="reviewer" agent={layer.agent} onChange={(agent) => set({ agent })} />
          </div>
        )}
      </div>
    </li>
  );
}

const KIND_BADGE: Record<LayerKind, string> = {
  run: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-200",
  policy: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  agent: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200",
};

type FieldsProps = { path: string; layer: LayerValues; set: (change: Partial<LayerValues>) => void };

function RunFields({ path, layer, set }: FieldsProps) {
  const parserOptions = PARSERS.map((parser) => ({
    value: parser === DEFAULT_PARSER ? "" : parser,
    label: parser === DEFAULT_PARSER ? `${parser} (default)` : parser,
  }));
  return (
    <>
      <TextField
        className="sm:col-span-2"
        path={`${path}.run`}
        label="Command to run"
        value={layer.run}
        mono
        placeholder="npm test"
        onChange={(run) => set({ run })}
        hint="A shell command run in the iteration's worktree."
      />
      <SelectField
        path={`${path}.parse`}
        label="Parser"
        value={layer.parse}
        options={parserOptions}
        onChange={(parse) => set({ parse })}
        hint={parserEntry(layer.parse || DEFAULT_PARSER)?.hint ?? ""}
      />
      <TextField
        path={`${path}.timeoutSeconds`}
        label="Layer timeout (seconds)"
        value={layer.timeoutSeconds}
        inputMode="numeric"
        placeholder="300 (default)"
        onChange={(timeoutSeconds) => set({ timeoutSeconds })}
      />
      {(layer.parse === "regex" || layer.pattern !== "") && (
        <TextField
          className="sm:col-span-2"
          path={`${path}.pattern`}
          label="Pattern"
          value={layer.pattern}
          mono
          placeholder="coverage: (?<coverage>[\d.]+)%"
          onChange={(pattern) => set({ pattern })}
          hint="A regular expression; each named group (?<name>…) becomes a metric."
        />
      )}
      <TextField
        path={`${path}.hidden.from`}
        label="Hidden checks from (optional)"
        value={layer.hiddenFrom}
        mono
        placeholder="/srv/hidden/calc-tests"
        onChange={(hiddenFrom) => set({ hiddenFrom })}
        hint="A folder or file on the runner, outside the repository: copied in only while this layer runs, never shown to the agent."
      />
      <TextField
        path={`${path}.hidden.to`}
        label="Copied to"
        value={layer.hiddenTo}
        mono
        placeholder="test/hidden"
        onChange={(hiddenTo) => set({ hiddenTo })}
        hint="Where in the worktree the layer finds them; its output is not kept, only counts and failing test names."
      />
      {(layer.parse === "json" || layer.fields.length > 0) && (
        <div className="sm:col-span-2">
          <KeyValueList
            path={`${path}.fields`}
            legend="JSON fields"
            noun="field"
            rows={layer.fields}
            onChange={(fields) => set({ fields })}
            keyPlaceholder="metric"
            valuePlaceholder="path.in.output"
            hint="Each metric name reads the value at a dotted path in the command's JSON output."
          />
        </div>
      )}
    </>
  );
}

function PolicyFields({ path, layer, set }: FieldsProps) {
  return (
    <>
      <TextField
        path={`${path}.policy.forbidPaths`}
        label="Forbidden paths"
        value={layer.forbidPaths}
        mono
        rows={3}
        placeholder={"test/**\n.github/**"}
        onChange={(forbidPaths) => set({ forbidPaths })}
        hint="Globs, one per line: a change to any of them fails the layer."
      />
      <TextField
        path={`${path}.policy.allowPaths`}
        label="Allowed paths"
        value={layer.allowPaths}
        mono
        rows={3}
        placeholder={"src/**"}
        onChange={(allowPaths) => set({ allowPaths })}
        hint="Globs, one per line: when set, only these may change."
      />
      <TextField
        path={`${path}.policy.maxChangedLines`}
        label="Max changed lines"
        value={layer.maxChangedLines}
        inputMode="numeric"
        placeholder="no limit"
        onChange={(maxChangedLines) => set({ maxChangedLines })}
        hint="Added plus deleted lines in the iteration's diff."
      />
    </>
  );
}
