// Where each key of the goal schema is edited: the form control that owns it (by its field path, "[]"
// standing for a list row), or "YAML only" and why. A test walks the schema and fails on a key that
// is in neither, so a new spec field gets a place (or a reason) the day it is added. Errors are placed
// at these controls and the error summary names them with these labels, in this order.
export type CatalogEntry = { label: string } | { yamlOnly: string };

// An agent's settings: the maker's (spec.agent) and each reviewer layer's.
const AGENT: Record<string, string> = {
  executor: "executor",
  command: "command",
  model: "model",
  args: "arguments",
  timeoutSeconds: "timeout",
  env: "environment",
  baseUrl: "API base URL",
  permissions: "permissions",
};

const agentEntries = (prefix: string) => Object.fromEntries(Object.entries(AGENT).map(([key, label]) => [`${prefix}.${key}`, { label }]));

export const FIELD_CATALOG: Record<string, CatalogEntry> = {
  apiVersion: { yamlOnly: "always setpoint.dev/v1; the form writes it" },
  kind: { yamlOnly: "always Goal; the form writes it" },
  "metadata.name": { label: "Name" },
  "metadata.labels": { label: "Labels" },
  "spec.intent": { label: "Intent" },
  "spec.workspace.repo": { label: "Repository" },
  "spec.workspace.ref": { label: "Git ref" },
  "spec.workspace.setup": { label: "Setup command" },
  "spec.workspace.push": { label: "Push" },
  "spec.workspace.pullRequest.base": { label: "Pull request base branch" },
  "spec.workspace.pullRequest.repository": { label: "Pull request repository" },
  "spec.workspace.pullRequest.tokenSecret": { label: "Pull request token secret" },
  "spec.workspace.pullRequest.apiUrl": { label: "GitHub API URL" },
  "spec.workspace.pullRequest.title": { label: "Pull request title" },
  "spec.workspace.pullRequest.draft": { label: "Draft pull request" },
  "spec.context": { label: "Context files" },
  "spec.contextCommand": { label: "Context command" },
  ...agentEntries("spec.agent"),
  "spec.strategy.candidates": { label: "Candidates" },
  "spec.strategy.executors": { label: "Candidate agents" },
  "spec.strategy.when": { label: "Run candidates" },
  "spec.metrics": { label: "Target metrics" },
  "spec.metrics[].metric": { label: "metric" },
  "spec.metrics[].target": { label: "target" },
  "spec.evaluation.layers": { label: "Evaluation layers" },
  "spec.evaluation.layers[].name": { label: "name" },
  "spec.evaluation.layers[].run": { label: "command" },
  "spec.evaluation.layers[].parse": { label: "parser" },
  "spec.evaluation.layers[].pattern": { label: "pattern" },
  "spec.evaluation.layers[].fields": { label: "JSON fields" },
  "spec.evaluation.layers[].timeoutSeconds": { label: "timeout" },
  "spec.evaluation.layers[].hidden.from": { label: "hidden checks from" },
  "spec.evaluation.layers[].hidden.to": { label: "hidden checks copied to" },
  "spec.evaluation.layers[].policy.forbidPaths": { label: "forbidden paths" },
  "spec.evaluation.layers[].policy.allowPaths": { label: "allowed paths" },
  "spec.evaluation.layers[].policy.maxChangedLines": { label: "max changed lines" },
  ...agentEntries("spec.evaluation.layers[].agent"),
  "spec.evaluation.protect": { label: "Protected paths" },
  "spec.sandbox": { label: "Sandbox" },
  "spec.network": { label: "Network" },
  "spec.env.pass": { label: "Passed variables" },
  "spec.approval.policy": { label: "Approval policy" },
  "spec.approval.fourEyes": { label: "Four eyes" },
  "spec.approval.approvers": { label: "Approvers" },
  "spec.approval.timeoutMinutes": { label: "Approval timeout" },
  "spec.approval.onTimeout": { label: "On timeout" },
  "spec.stop.maxIterations": { label: "Max iterations" },
  "spec.stop.maxDurationMinutes": { label: "Max duration" },
  "spec.stop.maxCostUsd": { label: "Max cost" },
  "spec.stop.stallIterations": { label: "Stall after" },
  "spec.stop.onRegression": { label: "On regression" },
  "spec.retry.maxAgentFailures": { label: "Max agent failures" },
  "spec.retry.backoffSeconds": { label: "Retry backoff" },
  "spec.triggers.schedule": { label: "Schedule" },
  "spec.triggers.webhook": { label: "Webhook" },
  "spec.dependsOn": { label: "Depends on" },
  "spec.notify": { label: "Notifications" },
  "spec.notify[].url": { label: "URL" },
  "spec.notify[].events": { label: "events" },
  "spec.notify[].signingSecret": { label: "signing secret" },
};

// The catalog paths that have a control, in the form's order.
export const CONTROLS: readonly string[] = Object.entries(FIELD_CATALOG)
  .filter(([, entry]) => "label" in entry)
  .map(([path]) => path);

// "spec.metrics.1.target" → "spec.metrics[].target": the catalog's spelling of a field path.
export function catalogPath(fieldPath: string): string {
  return fieldPath.replace(/\.(\d+)(?=\.|$)/g, "[]");
}

export function catalogLabel(fieldPath: string): string | null {
  const entry = FIELD_CATALOG[catalogPath(fieldPath)];
  return entry && "label" in entry ? entry.label : null;
}
