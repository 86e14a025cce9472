// Form values → the Goal manifest a person would write by hand: empty fields are left out (the
// schema's defaults apply), numbers that are not numbers stay text so the schema names them.
import { API_VERSION } from "@/server/spec/goal-spec";
import type { AgentValues, FormValues, KeyValue, LayerValues } from "./form-values";

type Json = Record<string, unknown>;

export function formToManifest(values: FormValues): Json {
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
      }),
      agent: agentToSpec(values.agent),
      metrics: values.metrics.map((row) => ({ metric: row.metric.trim(), target: `${row.op} ${row.value.trim()}`.trim() })),
      evaluation: { layers: values.layers.map(layerToSpec) },
      stop: nonEmptyRecord(compact({
        maxIterations: number(values.stop.maxIterations),
        maxDurationMinutes: number(values.stop.maxDurationMinutes),
        maxCostUsd: number(values.stop.maxCostUsd),
        stallIterations: number(values.stop.stallIterations),
        onRegression: text(values.stop.onRegression),
      })),
      retry: nonEmptyRecord(compact({
        maxAgentFailures: number(values.retry.maxAgentFailures),
        backoffSeconds: number(values.retry.backoffSeconds),
      })),
      approval: values.approval ? { policy: values.approval } : undefined,
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
  });
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
  return value.split("\n").map((line) => line.trim()).filter((line) => line !== "");
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
