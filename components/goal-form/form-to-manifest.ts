// Form values → the Goal manifest: the form's fields written over the manifest they were read from
// (overlay.ts), so every key the form does not show, or the person did not change, stays as loaded.
// What the fields say is written as a person would by hand: empty fields are left out (the schema's
// defaults apply), numbers that are not numbers stay text so the schema names them.
import { API_VERSION, NOTIFY_EVENTS } from "@/server/spec/goal-spec";
import type { AgentValues, CandidateAgentValues, FormValues, KeyValue, LayerValues, MetricValues, NotifyValues, PullRequestValues } from "./form-values";
import { candidateAgentToForm, layerToForm, manifestToForm, metricToForm, notifyToForm } from "./manifest-to-form";
import { overlay, overlayRow } from "./overlay";

type Json = Record<string, unknown>;

export function formToManifest(values: FormValues): Json {
  return overlay(values.source, fieldsToManifest(manifestToForm(values.source)), fieldsToManifest(values)) as Json;
}

// What the form's own fields say, each list row already written over its own element.
function fieldsToManifest(values: FormValues): Json {
  const labels = toRecord(values.labels);
  return {
    apiVersion: API_VERSION,
    kind: "Goal",
    metadata: compact({ name: values.name.trim(), labels: nonEmptyRecord(labels) }),
    spec: compact({
      intent: values.intent,
      workspace: compact({
        repo: values.workspace.repo.trim(),
        ref: text(values.workspace.ref),
        setup: text(values.workspace.setup),
        push: values.workspace.push ? true : undefined,
        pullRequest: pullRequestToSpec(values.workspace.pullRequest),
      }),
      context: nonEmptyList(lines(values.context)),
      contextCommand: text(values.contextCommand),
      agent: agentToSpec(values.agent),
      strategy: nonEmptyRecord(
        compact({
          candidates: number(values.strategy.candidates),
          executors: nonEmptyList(values.strategy.executors.map((row) => overlayRow(row, candidateAgentToSpec, candidateAgentToForm))),
          when: text(values.strategy.when),
        }),
      ),
      metrics: values.metrics.map((row) => overlayRow(row, metricToSpec, metricToForm)),
      evaluation: compact({ layers: values.layers.map((row) => overlayRow(row, layerToSpec, layerToForm)), protect: nonEmptyList(lines(values.protect)) }),
      stop: nonEmptyRecord(
        compact({
          maxIterations: number(values.stop.maxIterations),
          maxDurationMinutes: number(values.stop.maxDurationMinutes),
          maxCostUsd: number(values.stop.maxCostUsd),
          stallIterations: number(values.stop.stallIterations),
          onRegression: text(values.stop.onRegression),
        }),
      ),
      retry: nonEmptyRecord(
        compact({
          maxAgentFailures: number(values.retry.maxAgentFailures),
          backoffSeconds: number(values.retry.backoffSeconds),
        }),
      ),
      approval: nonEmptyRecord(
        compact({
          policy: text(values.approval.policy),
          fourEyes: values.approval.fourEyes ? undefined : false,
          approvers: nonEmptyList(values.approval.approvers),
          timeoutMinutes: number(values.approval.timeoutMinutes),
          onTimeout: text(values.approval.onTimeout),
        }),
      ),
      triggers: nonEmptyRecord(
        compact({
          schedule: text(values.triggers.schedule),
          webhook: values.triggers.webhook ? true : undefined,
        }),
      ),
      dependsOn: nonEmptyList(values.dependsOn),
      notify: nonEmptyList(values.notify.map((row) => overlayRow(row, notifyToSpec, notifyToForm))),
      env: values.envPass.length > 0 ? { pass: values.envPass } : undefined,
      sandbox: text(values.sandbox),
      network: values.network ? undefined : false,
    }),
  };
}

export function agentToSpec(agent: AgentValues): Json {
  return compact({
    executor: agent.executor,
    command: text(agent.command),
    model: text(agent.model),
    args: nonEmptyList(lines(agent.args)),
    timeoutSeconds: number(agent.timeoutSeconds),
    env: nonEmptyRecord(toRecord(agent.env)),
    baseUrl: text(agent.baseUrl),
    permissions: text(agent.permissions),
  });
}

// Written as a person would: the plain executor name unless a model is named.
function candidateAgentToSpec(row: CandidateAgentValues): unknown {
  const model = row.model.trim();
  return model ? { executor: row.executor, model } : row.executor;
}

function metricToSpec(row: MetricValues): Json {
  return { metric: row.metric.trim(), target: `${row.op} ${row.value.trim()}`.trim() };
}

function layerToSpec(layer: LayerValues): Json {
  const name = layer.name.trim();
  if (layer.kind === "policy") {
    return {
      name,
      policy: compact({
        forbidPaths: nonEmptyList(lines(layer.forbidPaths)),
        allowPaths: nonEmptyList(lines(layer.allowPaths)),
        maxChangedLines: number(layer.maxChangedLines),
      }),
    };
  }
  if (layer.kind === "agent") return { name, agent: agentToSpec(layer.agent) };
  return compact({
    name,
    run: layer.run,
    parse: text(layer.parse),
    pattern: text(layer.pattern),
    fields: nonEmptyRecord(toRecord(layer.fields)),
    timeoutSeconds: number(layer.timeoutSeconds),
    // Either half typed keeps both, so the schema names the one missing.
    hidden: layer.hiddenFrom.trim() || layer.hiddenTo.trim() ? { from: layer.hiddenFrom.trim(), to: layer.hiddenTo.trim() } : undefined,
  });
}

// Every event ticked is the schema's default, left out like other defaults.
function notifyToSpec(row: NotifyValues): Json {
  const every = NOTIFY_EVENTS.every((event) => row.events.includes(event)) && row.events.length === NOTIFY_EVENTS.length;
  return compact({ url: row.url.trim(), events: every ? undefined : row.events, signingSecret: text(row.signingSecret.trim()) });
}

// An open pull request with every field empty is `{}`: one, with the schema's defaults.
function pullRequestToSpec(pull: PullRequestValues): Json | undefined {
  if (!pull.open) return undefined;
  return compact({
    base: text(pull.base.trim()),
    draft: pull.draft ? true : undefined,
    title: text(pull.title),
    repository: text(pull.repository.trim()),
    tokenSecret: text(pull.tokenSecret.trim()),
    apiUrl: text(pull.apiUrl.trim()),
  });
}

// "" → left out; a number as written → a number; anything else stays text for the schema to name.
export function number(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function text(value: string): string | undefined {
  return value.trim() === "" ? undefined : value;
}

export function lines(value: string): string[] {
  return value
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

// Rows with neither key nor value are blank lines in the list, not entries.
function toRecord(rows: KeyValue[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const row of rows) if (row.key.trim() !== "" || row.value !== "") record[row.key.trim()] = row.value;
  return record;
}

function nonEmptyRecord<T extends Json>(record: T): T | undefined {
  return Object.keys(record).length === 0 ? undefined : record;
}

function nonEmptyList<T>(list: T[]): T[] | undefined {
  return list.length === 0 ? undefined : list;
}

function compact<T extends Json>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
