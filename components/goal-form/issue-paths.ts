// Where a validation issue belongs in the form. Issues arrive as `spec.metrics[0].target` (our spec
// errors) or `spec.metrics.0.target` (tRPC input errors); both become the dotted form, which is what
// `data-path` shows, and each is placed at the field that edits it (or the nearest one that holds it).
export type FormIssue = { path: string; message: string };

export function normalizeIssuePath(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .replace(/\["((?:[^"\\]|\\.)*)"\]/g, (_, key: string) => `.${JSON.parse(`"${key}"`) as string}`)
    .replace(/^\./, "");
}

const AGENT = String.raw`(?:spec\.agent|spec\.evaluation\.layers\.\d+\.agent)`;
const LAYER = String.raw`spec\.evaluation\.layers\.\d+`;

// Each pattern is a field (or list) the form shows; `to` redirects a holder to the field that edits it.
const FIELDS: { pattern: RegExp; to?: (path: string) => string }[] = [
  { pattern: /^metadata\.name$/ },
  { pattern: /^metadata\.labels$/ },
  { pattern: /^metadata$/, to: () => "metadata.name" },
  { pattern: /^spec\.intent$/ },
  { pattern: /^spec\.workspace\.(repo|ref|setup|push)$/ },
  { pattern: /^spec\.workspace$/, to: () => "spec.workspace.repo" },
  { pattern: new RegExp(`^${AGENT}\\.(executor|command|model|args|timeoutSeconds|env)$`) },
  { pattern: new RegExp(`^${AGENT}$`), to: (path) => `${path}.executor` },
  { pattern: /^spec\.metrics$/ },
  { pattern: /^spec\.metrics\.\d+\.(metric|target)$/ },
  { pattern: /^spec\.metrics\.\d+$/, to: (path) => `${path}.metric` },
  { pattern: /^spec\.evaluation\.layers$/ },
  { pattern: /^spec\.evaluation$/, to: () => "spec.evaluation.layers" },
  { pattern: new RegExp(`^${LAYER}\\.(name|run|parse|pattern|fields|timeoutSeconds)$`) },
  { pattern: new RegExp(`^${LAYER}\\.policy\\.(forbidPaths|allowPaths|maxChangedLines)$`) },
  { pattern: new RegExp(`^${LAYER}\\.policy$`), to: (path) => `${path}.forbidPaths` },
  { pattern: new RegExp(`^${LAYER}$`), to: (path) => `${path}.name` },
  { pattern: /^spec\.stop\.(maxIterations|maxDurationMinutes|maxCostUsd|stallIterations|onRegression)$/ },
  { pattern: /^spec\.stop$/, to: () => "spec.stop.maxIterations" },
  { pattern: /^spec\.retry\.(maxAgentFailures|backoffSeconds)$/ },
  { pattern: /^spec\.retry$/, to: () => "spec.retry.maxAgentFailures" },
  { pattern: /^spec\.approval(\.policy)?$/, to: () => "spec.approval.policy" },
];

// The form field an issue is shown at, or null when no field holds it (e.g. apiVersion: summary only).
export function placeIssue(issuePath: string): string | null {
  const segments = normalizeIssuePath(issuePath).split(".").filter((segment) => segment !== "");
  for (let length = segments.length; length > 0; length--) {
    const path = segments.slice(0, length).join(".");
    const field = FIELDS.find(({ pattern }) => pattern.test(path));
    if (field) return field.to ? field.to(path) : path;
  }
  return null;
}

// The DOM id of the control that edits a field path (the summary's links focus it).
export function fieldId(fieldPath: string): string {
  return `field-${fieldPath.replace(/[^A-Za-z0-9]+/g, "-")}`;
}

export function errorId(fieldPath: string): string {
  return `${fieldId(fieldPath)}-error`;
}

const NAMES: Record<string, string> = {
  "metadata.name": "Name", "metadata.labels": "Labels", "spec.intent": "Intent",
  "spec.workspace.repo": "Repository", "spec.workspace.ref": "Git ref", "spec.workspace.setup": "Setup command", "spec.workspace.push": "Push",
  "spec.metrics": "Target metrics", "spec.evaluation.layers": "Evaluation layers",
  "spec.stop.maxIterations": "Max iterations", "spec.stop.maxDurationMinutes": "Max duration", "spec.stop.maxCostUsd": "Max cost",
  "spec.stop.stallIterations": "Stall after", "spec.stop.onRegression": "On regression",
  "spec.retry.maxAgentFailures": "Max agent failures", "spec.retry.backoffSeconds": "Retry backoff", "spec.approval.policy": "Approval policy",
};
const LEAVES: Record<string, string> = {
  executor: "executor", command: "command", model: "model", args: "arguments", timeoutSeconds: "timeout", env: "environment",
  metric: "metric", target: "target", name: "name", run: "command", parse: "parser", pattern: "pattern", fields: "JSON fields",
  forbidPaths: "forbidden paths", allowPaths: "allowed paths", maxChangedLines: "max changed lines",
};

// "Layer 2 · command", "Agent · model": how the error summary names a field.
export function fieldName(fieldPath: string | null, issuePath: string): string {
  if (fieldPath === null) return normalizeIssuePath(issuePath) || "Manifest";
  if (NAMES[fieldPath]) return NAMES[fieldPath];
  const leaf = LEAVES[fieldPath.split(".").at(-1) ?? ""] ?? fieldPath.split(".").at(-1);
  const layer = /^spec\.evaluation\.layers\.(\d+)\.(agent\.)?/.exec(fieldPath);
  if (layer) return `Layer ${Number(layer[1]) + 1}${layer[2] ? " reviewer" : ""} · ${leaf}`;
  const metric = /^spec\.metrics\.(\d+)\./.exec(fieldPath);
  if (metric) return `Target metric ${Number(metric[1]) + 1} · ${leaf}`;
  if (fieldPath.startsWith("spec.agent.")) return `Agent · ${leaf}`;
  return fieldPath;
}

// What is shown at the field: the message, with the part of the path the field does not show
// ("key 'x y'") when the issue is about something inside it.
export function messageAtField(fieldPath: string | null, issue: FormIssue): string {
  const path = normalizeIssuePath(issue.path);
  const message = issue.message;
  if (fieldPath === null || path === fieldPath || !path.startsWith(`${fieldPath}.`)) return message;
  const rest = path.slice(fieldPath.length + 1);
  return /^\d+$/.test(rest) ? `line ${Number(rest) + 1}: ${message}` : `'${rest}': ${message}`;
}
