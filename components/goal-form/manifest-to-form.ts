// A manifest (as stored, or as written in the YAML tab) → form values. Reads defensively: the input
// has passed the schema, but it is the raw document, so fields the schema defaults may be absent.
import { parseTarget } from "@/server/spec/metric-target";
import { emptyAgent, emptyLayer, newRowId, type AgentValues, type FormValues, type KeyValue, type LayerValues, type MetricValues } from "./form-values";

type Json = Record<string, unknown>;

export function manifestToForm(manifest: unknown): FormValues {
  const root = object(manifest);
  const metadata = object(root.metadata);
  const spec = object(root.spec);
  const workspace = object(spec.workspace);
  const stop = object(spec.stop);
  const retry = object(spec.retry);
  return {
    name: string(metadata.name),
    labels: keyValues(metadata.labels),
    intent: string(spec.intent),
    workspace: { repo: string(workspace.repo), ref: string(workspace.ref), setup: string(workspace.setup), push: workspace.push === true },
    agent: agentToForm(spec.agent),
    metrics: list(spec.metrics).map(metricToForm),
    layers: list(object(spec.evaluation).layers).map(layerToForm),
    stop: {
      maxIterations: string(stop.maxIterations),
      maxDurationMinutes: string(stop.maxDurationMinutes),
      maxCostUsd: string(stop.maxCostUsd),
      stallIterations: string(stop.stallIterations),
      // The default is shown as the empty choice, so a stored "revert" reads the same as an absent one.
      onRegression: stop.onRegression === "keep" ? "keep" : "",
    },
    retry: { maxAgentFailures: string(retry.maxAgentFailures), backoffSeconds: string(retry.backoffSeconds) },
    approval: string(object(spec.approval).policy) === "never" ? "" : string(object(spec.approval).policy),
  };
}

export function agentToForm(value: unknown): AgentValues {
  const agent = object(value);
  return {
    ...emptyAgent(),
    executor: string(agent.executor),
    command: string(agent.command),
    model: string(agent.model),
    args: list(agent.args).map(string).join("\n"),
    timeoutSeconds: string(agent.timeoutSeconds),
    env: keyValues(agent.env),
  };
}

function metricToForm(value: unknown): MetricValues {
  const row = object(value);
  const written = string(row.target);
  const target = parseTarget(written);
  return {
    id: newRowId("metric"),
    metric: string(row.metric),
    op: target?.op ?? ">=",
    // Keep the number as written ("1.0" stays "1.0"); the operator is the part before it.
    value: target ? written.trim().slice(target.op.length).trim() : written,
  };
}

function layerToForm(value: unknown): LayerValues {
  const layer = object(value);
  const kind = "policy" in layer ? "policy" : "agent" in layer ? "agent" : "run";
  const base = { ...emptyLayer(kind), name: string(layer.name) };
  if (kind === "policy") {
    const policy = object(layer.policy);
    return {
      ...base,
      forbidPaths: list(policy.forbidPaths).map(string).join("\n"),
      allowPaths: list(policy.allowPaths).map(string).join("\n"),
      maxChangedLines: string(policy.maxChangedLines),
    };
  }
  if (kind === "agent") return { ...base, agent: agentToForm(layer.agent) };
  return {
    ...base,
    run: string(layer.run),
    parse: string(layer.parse) === "exit-code" ? "" : string(layer.parse),
    pattern: string(layer.pattern),
    fields: keyValues(layer.fields),
    timeoutSeconds: string(layer.timeoutSeconds),
  };
}

function keyValues(value: unknown): KeyValue[] {
  return Object.entries(object(value)).map(([key, item]) => ({ id: newRowId("kv"), key, value: string(item) }));
}

function object(value: unknown): Json {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function string(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}
