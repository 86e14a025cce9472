// A manifest (as stored, or as written in the YAML tab) → form values. Reads defensively: the input
// has passed the schema, but it is the raw document, so fields the schema defaults may be absent.
// Each value keeps what it was read from, so saving changes only what the person changed.
import { NOTIFY_EVENTS } from "@/server/spec/goal-spec";
import { parseTarget } from "@/server/spec/metric-target";
import {
  emptyAgent,
  emptyLayer,
  emptyPullRequest,
  newRowId,
  type AgentValues,
  type CandidateAgentValues,
  type FormValues,
  type KeyValue,
  type LayerValues,
  type MetricValues,
  type NotifyValues,
  type PullRequestValues,
} from "./form-values";

type Json = Record<string, unknown>;

export function manifestToForm(manifest: unknown): FormValues {
  const root = object(manifest);
  const metadata = object(root.metadata);
  const spec = object(root.spec);
  const workspace = object(spec.workspace);
  const stop = object(spec.stop);
  const retry = object(spec.retry);
  const approval = object(spec.approval);
  const triggers = object(spec.triggers);
  return {
    name: string(metadata.name),
    labels: keyValues(metadata.labels),
    intent: string(spec.intent),
    workspace: {
      repo: string(workspace.repo),
      ref: string(workspace.ref),
      setup: string(workspace.setup),
      push: workspace.push === true,
      pullRequest: pullRequestToForm(workspace.pullRequest),
    },
    agent: agentToForm(spec.agent),
    strategy: {
      candidates: choice(object(spec.strategy).candidates, "1"),
      executors: list(object(spec.strategy).executors).map(candidateAgentToForm),
      when: choice(object(spec.strategy).when, "always"),
    },
    metrics: list(spec.metrics).map(metricToForm),
    layers: list(object(spec.evaluation).layers).map(layerToForm),
    protect: list(object(spec.evaluation).protect).map(string).join("\n"),
    context: list(spec.context).map(string).join("\n"),
    contextCommand: string(spec.contextCommand),
    stop: {
      maxIterations: string(stop.maxIterations),
      maxDurationMinutes: string(stop.maxDurationMinutes),
      maxCostUsd: string(stop.maxCostUsd),
      stallIterations: string(stop.stallIterations),
      // The default is shown as the empty choice, so a stored "revert" reads the same as an absent one.
      onRegression: stop.onRegression === "keep" ? "keep" : "",
    },
    retry: { maxAgentFailures: string(retry.maxAgentFailures), backoffSeconds: string(retry.backoffSeconds) },
    approval: {
      policy: choice(approval.policy, "never"),
      fourEyes: approval.fourEyes !== false,
      approvers: list(approval.approvers).map(string),
      timeoutMinutes: string(approval.timeoutMinutes),
      onTimeout: choice(approval.onTimeout, "reject"),
    },
    triggers: { schedule: string(triggers.schedule), webhook: triggers.webhook === true },
    dependsOn: list(spec.dependsOn).map(string),
    notify: list(spec.notify).map(notifyToForm),
    envPass: list(object(spec.env).pass).map(string),
    sandbox: choice(spec.sandbox, "none"),
    network: spec.network !== false,
    source: manifest ?? {},
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
    baseUrl: string(agent.baseUrl),
    permissions: string(agent.permissions),
  };
}

// A candidate agent as YAML allows it: a plain executor name, or { executor, model }.
export function candidateAgentToForm(value: unknown): CandidateAgentValues {
  const row = typeof value === "string" ? { executor: value } : object(value);
  return { id: newRowId("candidate"), executor: string(row.executor), model: string(row.model), source: value };
}

export function metricToForm(value: unknown): MetricValues {
  const row = object(value);
  const written = string(row.target);
  const target = parseTarget(written);
  return {
    id: newRowId("metric"),
    metric: string(row.metric),
    op: target?.op ?? ">=",
    // Keep the number as written ("1.0" stays "1.0"); the operator is the part before it.
    value: target ? written.trim().slice(target.op.length).trim() : written,
    source: value,
  };
}

export function layerToForm(value: unknown): LayerValues {
  const layer = object(value);
  const kind = "policy" in layer ? "policy" : "agent" in layer ? "agent" : "run";
  const base = { ...emptyLayer(kind), name: string(layer.name), source: value };
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
    parse: choice(layer.parse, "exit-code"),
    pattern: string(layer.pattern),
    fields: keyValues(layer.fields),
    timeoutSeconds: string(layer.timeoutSeconds),
    hiddenFrom: string(object(layer.hidden).from),
    hiddenTo: string(object(layer.hidden).to),
  };
}

export function notifyToForm(value: unknown): NotifyValues {
  const row = object(value);
  // No events listed means every event (the schema's default), shown as every box ticked.
  const events = Array.isArray(row.events) ? row.events.map(string) : [...NOTIFY_EVENTS];
  return { id: newRowId("notify"), url: string(row.url), events, signingSecret: string(row.signingSecret), source: value };
}

// Defaults written out (as a stored spec has them) read as the empty field, like other defaults.
function pullRequestToForm(value: unknown): PullRequestValues {
  if (value === undefined || value === null) return emptyPullRequest();
  const pull = object(value);
  return {
    open: true,
    base: choice(pull.base, "main"),
    draft: pull.draft === true,
    title: string(pull.title),
    repository: string(pull.repository),
    tokenSecret: choice(pull.tokenSecret, "GITHUB_TOKEN"),
    apiUrl: choice(pull.apiUrl, "https://api.github.com"),
  };
}

function keyValues(value: unknown): KeyValue[] {
  return Object.entries(object(value)).map(([key, item]) => ({ id: newRowId("kv"), key, value: string(item) }));
}

// A choice whose default is shown as the empty option.
function choice(value: unknown, fallback: string): string {
  const text = string(value);
  return text === fallback ? "" : text;
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
