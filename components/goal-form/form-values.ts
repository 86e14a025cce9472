// What the goal form holds while a person types: strings as typed (so "12a" is kept and reported,
// never silently dropped), lists with stable row ids for React keys and reordering.
import type { TargetOp } from "@/server/spec/metric-target";

export type LayerKind = "run" | "policy" | "agent";
export type KeyValue = { id: string; key: string; value: string };

export type AgentValues = {
  executor: string;
  command: string;
  model: string;
  args: string; // one argument per line
  timeoutSeconds: string;
  env: KeyValue[];
};

export type MetricValues = { id: string; metric: string; op: TargetOp; value: string };

// A row keeps every kind's fields, so switching a layer's kind and back loses nothing typed.
export type LayerValues = {
  id: string;
  kind: LayerKind;
  name: string;
  run: string;
  parse: string; // "" = the default parser (exit-code)
  pattern: string;
  fields: KeyValue[];
  timeoutSeconds: string;
  forbidPaths: string; // one glob per line
  allowPaths: string;
  maxChangedLines: string;
  agent: AgentValues;
};

export type FormValues = {
  name: string;
  labels: KeyValue[];
  intent: string;
  workspace: { repo: string; ref: string; setup: string; push: boolean };
  agent: AgentValues;
  metrics: MetricValues[];
  layers: LayerValues[];
  stop: { maxIterations: string; maxDurationMinutes: string; maxCostUsd: string; stallIterations: string; onRegression: "" | "revert" | "keep" };
  retry: { maxAgentFailures: string; backoffSeconds: string };
  approval: string; // "" = the default policy (never)
};

let nextId = 0;
// Row ids only need to be unique within one page; a counter keeps them readable in the DOM.
export function newRowId(prefix = "row"): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

export function emptyAgent(): AgentValues {
  return { executor: "", command: "", model: "", args: "", timeoutSeconds: "", env: [] };
}

export function emptyKeyValue(): KeyValue {
  return { id: newRowId("kv"), key: "", value: "" };
}

export function emptyMetric(): MetricValues {
  return { id: newRowId("metric"), metric: "", op: ">=", value: "" };
}

export function emptyLayer(kind: LayerKind): LayerValues {
  return {
    id: newRowId("layer"), kind, name: "", run: "", parse: "", pattern: "", fields: [], timeoutSeconds: "",
    forbidPaths: "", allowPaths: "", maxChangedLines: "", agent: emptyAgent(),
  };
}

export function emptyFormValues(): FormValues {
  return {
    name: "",
    labels: [],
    intent: "",
    workspace: { repo: "", ref: "", setup: "", push: false },
    agent: emptyAgent(),
    metrics: [emptyMetric()],
    layers: [emptyLayer("run")],
    stop: { maxIterations: "", maxDurationMinutes: "", maxCostUsd: "", stallIterations: "", onRegression: "" },
    retry: { maxAgentFailures: "", backoffSeconds: "" },
    approval: "",
  };
}
