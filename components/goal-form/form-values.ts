// What the goal form holds while a person types: strings as typed (so "12a" is kept and reported,
// never silently dropped), lists with stable row ids for React keys and reordering. The manifest the
// form was read from (`source`, and each row's own element) is kept too: saving writes the fields over
// it (overlay.ts), so whatever the form does not show survives.
import { NOTIFY_EVENTS } from "@/server/spec/goal-spec";
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
  baseUrl: string;
  permissions: string; // "" is the schema's default (edit)
};

export type MetricValues = { id: string; metric: string; op: TargetOp; value: string; source?: unknown };

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
  hiddenFrom: string; // hidden checks: "" in both means none
  hiddenTo: string;
  agent: AgentValues;
  source?: unknown;
};

// spec.strategy.executors: one row per candidate agent, taken round-robin; "" model is the CLI's default.
export type CandidateAgentValues = { id: string; executor: string; model: string; source?: unknown };

// spec.strategy (best of N): "" is the schema's default (1 candidate, always).
export type StrategyValues = { candidates: string; executors: CandidateAgentValues[]; when: string };

export type NotifyValues = { id: string; url: string; events: string[]; signingSecret: string; source?: unknown };

// workspace.pullRequest: `open` is whether the spec has one at all; "" in a field is the schema's default.
export type PullRequestValues = { open: boolean; base: string; draft: boolean; title: string; repository: string; tokenSecret: string; apiUrl: string };

export type FormValues = {
  name: string;
  labels: KeyValue[];
  intent: string;
  workspace: { repo: string; ref: string; setup: string; push: boolean; pullRequest: PullRequestValues };
  agent: AgentValues;
  strategy: StrategyValues;
  metrics: MetricValues[];
  layers: LayerValues[];
  protect: string; // evaluation.protect, one glob per line
  context: string; // spec.context, one path per line
  contextCommand: string;
  stop: { maxIterations: string; maxDurationMinutes: string; maxCostUsd: string; stallIterations: string; onRegression: "" | "revert" | "keep" };
  retry: { maxAgentFailures: string; backoffSeconds: string };
  // "" in a choice is the schema's default (policy never, onTimeout reject, sandbox none).
  approval: { policy: string; fourEyes: boolean; approvers: string[]; timeoutMinutes: string; onTimeout: string };
  triggers: { schedule: string; webhook: boolean };
  dependsOn: string[];
  notify: NotifyValues[];
  envPass: string[];
  sandbox: string;
  network: boolean;
  source: unknown;
};

let nextId = 0;
// Row ids only need to be unique within one page; a counter keeps them readable in the DOM.
export function newRowId(prefix = "row"): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

export function emptyAgent(): AgentValues {
  return { executor: "", command: "", model: "", args: "", timeoutSeconds: "", env: [], baseUrl: "", permissions: "" };
}

export function emptyKeyValue(): KeyValue {
  return { id: newRowId("kv"), key: "", value: "" };
}

export function emptyMetric(): MetricValues {
  return { id: newRowId("metric"), metric: "", op: ">=", value: "" };
}

export function emptyLayer(kind: LayerKind): LayerValues {
  return {
    id: newRowId("layer"),
    kind,
    name: "",
    run: "",
    parse: "",
    pattern: "",
    fields: [],
    timeoutSeconds: "",
    forbidPaths: "",
    allowPaths: "",
    maxChangedLines: "",
    hiddenFrom: "",
    hiddenTo: "",
    agent: emptyAgent(),
  };
}

export function emptyNotify(): NotifyValues {
  return { id: newRowId("notify"), url: "", events: [...NOTIFY_EVENTS], signingSecret: "" };
}

export function emptyCandidateAgent(): CandidateAgentValues {
  return { id: newRowId("candidate"), executor: "", model: "" };
}

export function emptyPullRequest(): PullRequestValues {
  return { open: false, base: "", draft: false, title: "", repository: "", tokenSecret: "", apiUrl: "" };
}

export function emptyFormValues(): FormValues {
  return {
    name: "",
    labels: [],
    intent: "",
    workspace: { repo: "", ref: "", setup: "", push: false, pullRequest: emptyPullRequest() },
    agent: emptyAgent(),
    strategy: { candidates: "", executors: [], when: "" },
    metrics: [emptyMetric()],
    layers: [emptyLayer("run")],
    protect: "",
    context: "",
    contextCommand: "",
    stop: { maxIterations: "", maxDurationMinutes: "", maxCostUsd: "", stallIterations: "", onRegression: "" },
    retry: { maxAgentFailures: "", backoffSeconds: "" },
    approval: { policy: "", fourEyes: true, approvers: [], timeoutMinutes: "", onTimeout: "" },
    triggers: { schedule: "", webhook: false },
    dependsOn: [],
    notify: [],
    envPass: [],
    sandbox: "",
    network: true,
    source: {},
  };
}
