// `describe goal`: everything about one goal on one screen, laid out like kubectl describe.
import type { Layer } from "../../spec/goal-spec";
import { layerKind } from "../../spec/layer-kind";
import { parseTarget, targetHolds } from "../../spec/metric-target";
import type { GoalEvent, GoalObject, IterationObject, NotificationObject, RunBudgets } from "../api-types";
import { formatAge, formatDuration } from "./format-age";
import { formatNumber, formatUsd } from "./format-metrics";
import { formatIterationTable } from "./format-iteration-table";
import { formatTable } from "./format-table";
import { formatLabels } from "./format-goal-table";

export const DESCRIBE_EVENT_LIMIT = 20;
export const DESCRIBE_NOTIFICATION_LIMIT = 10;

// "Generation: ", so every top-level value starts in the same column.
const TOP_LABEL_WIDTH = 12;


export function formatGoalDescription(
  goal: GoalObject, iterations: readonly IterationObject[], events: readonly GoalEvent[], budgets: RunBudgets, now: Date, notifications: readonly NotificationObject[] = [],
): string {
  const { metadata, spec, status } = goal;
  const latest = latestMetrics(goal, iterations);
  const out: string[] = [];
  out.push(fields([
    ["Name", metadata.name],
    ["Labels", formatLabels(metadata.labels) || "<none>"],
    ["Generation", `${metadata.generation} (observed ${status.observedGeneration})`],
    ["Created", `${metadata.creationTimestamp} (${formatAge(metadata.creationTimestamp, now)} ago)`],
    ["Intent", spec.intent],
    ["Workspace", describeWorkspace(goal)],
    ["Agent", describeAgent(spec.agent)],
  ], "", TOP_LABEL_WIDTH));
  out.push("Targets:");
  out.push(indent(formatTable(["METRIC", "TARGET", "LATEST", "MET"], spec.metrics.map((target) => {
    const value = latest[target.metric];
    const parsed = parseTarget(target.target);
    return [target.metric, target.target, value === undefined ? "-" : formatNumber(value), value === undefined ? "?" : parsed && targetHolds(parsed, value) ? "✓" : "✗"];
  }))));
  out.push("Layers:");
  out.push(indent(formatTable(["NAME", "KIND", "DETAIL"], spec.evaluation.layers.map((layer) => [layer.name, layerKind(layer), describeLayer(layer)]))));
  const stop = spec.stop;
  out.push(fields([
    ["Stop", [
      `at most ${stop.maxIterations} iterations, ${stop.maxDurationMinutes}m${stop.maxCostUsd === undefined ? "" : `, ${formatUsd(stop.maxCostUsd)}`}`,
      `stalled after ${stop.stallIterations} iterations without progress`,
      `on regression: ${stop.onRegression}`,
    ].join("; ")],
    ["Retry", `up to ${spec.retry.maxAgentFailures} agent failures, ${spec.retry.backoffSeconds}s apart`],
    ["Approval", describeApproval(spec.approval)],
    ["Resync", describeResync(goal, now)],
  ], "", TOP_LABEL_WIDTH));
  out.push("Status:");
  out.push(fields([
    ["Phase", status.phase],
    ["Reason", status.reason || "-"],
    ["Message", status.message || "-"],
    ["Iteration", `${status.runIteration ?? "-"}/${stop.maxIterations}${status.runFromIteration > 0 && status.iteration !== null ? ` this run (it began at #${status.runFromIteration}; latest #${status.iteration})` : ""}`],
    ["Best", status.bestIteration === null ? "-" : String(status.bestIteration)],
    ["Cost", stop.maxCostUsd === undefined ? `${formatUsd(status.costUsd)} (no budget)` : `${formatUsd(status.costUsd)} / ${formatUsd(stop.maxCostUsd)}`],
    // This run's time as the duration budget counts it (paused and approval time left out), as the dashboard shows it.
    ["Elapsed", `${goal.status.startedAt ? formatDuration(budgets.minutes.used * 60_000) : "-"} / ${stop.maxDurationMinutes}m`],
    ["Runner", status.runner ?? "-"],
    ["Accepted commit", status.acceptedCommit ?? "-"],
  ], "  "));
  out.push("Conditions:");
  out.push(status.conditions.length === 0 ? "  <none>\n" : indent(formatTable(["TYPE", "STATUS", "REASON", "MESSAGE", "AGE"], status.conditions.map((condition) => [
    condition.type, condition.status, condition.reason || "-", condition.message || "-", formatAge(condition.lastTransitionTime, now),
  ]))));
  out.push("Iterations:");
  out.push(iterations.length === 0 ? "  <none>\n" : indent(formatIterationTable(iterations, now, { approval: spec.approval.policy !== "never", metricNames: spec.metrics.map((target) => target.metric) })));
  if ((spec.notify ?? []).length > 0 || notifications.length > 0) {
    out.push("Notifications:");
    out.push(notifications.length === 0 ? "  <none sent yet>\n" : indent(formatTable(["AGE", "EVENT", "TO", "STATUS", "ATTEMPTS", "LAST ERROR"], [...notifications].reverse().map((row) => [
      formatAge(row.createdAt, now), row.event, row.to, row.status, String(row.attempts), row.lastError ?? "-",
    ]))));
  }
  out.push("Events:");
  const recent = [...events].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)).slice(-DESCRIBE_EVENT_LIMIT);
  out.push(recent.length === 0 ? "  <none>\n" : indent(formatTable(["AGE", "TYPE", "REASON", "FROM", "MESSAGE"], recent.map((event) => [
    formatAge(event.createdAt, now), event.type, event.reason, event.actor, event.message,
  ]))));
  return out.map((block) => (block.endsWith("\n") ? block : `${block}\n`)).join("");
}

// "0 * * * * (UTC); last 5m ago; next 2026-12-02T01:00:00.000Z (in 55m)"
function describeResync({ spec, status }: GoalObject, now: Date): string {
  const schedule = spec.triggers?.schedule;
  if (!schedule) return "<none>";
  const last = status.lastResyncAt ? `${formatAge(status.lastResyncAt, now)} ago` : "never";
  const next = status.nextResyncAt ? `${status.nextResyncAt} (in ${formatDuration(Date.parse(status.nextResyncAt) - now.getTime())})` : "once converged";
  return `${schedule} (UTC); last ${last}; next ${next}`;
}

// The newest iteration that measured something; the goal's own status before any did.
function latestMetrics(goal: GoalObject, iterations: readonly IterationObject[]): Record<string, number> {
  const measured = [...iterations].sort((a, b) => b.number - a.number).find((iteration) => Object.keys(iteration.metrics).length > 0);
  return measured?.metrics ?? goal.status.metrics;
}

// Who may decide the gates and what happens to one left unanswered, beside the policy.
function describeApproval(approval: GoalObject["spec"]["approval"]): string {
  if (approval.policy === "never") return "never";
  const parts: string[] = [approval.policy];
  parts.push(approval.fourEyes === false ? "the goal's author may decide" : "four eyes (not its creator or last editor)");
  if (approval.approvers?.length) parts.push(`only ${approval.approvers.join(", ")}`);
  if (approval.timeoutMinutes !== undefined) parts.push(`after ${approval.timeoutMinutes}m unanswered: ${approval.onTimeout ?? "reject"}`);
  return parts.join("; ");
}

function describeWorkspace(goal: GoalObject): string {
  const workspace = goal.spec.workspace;
  const parts = [`${workspace.repo} @ ${workspace.ref}`];
  if (workspace.setup) parts.push(`setup: ${workspace.setup}`);
  parts.push(workspace.push ? "pushes accepted commits" : "does not push");
  return parts.join(", ");
}

function describeAgent(agent: GoalObject["spec"]["agent"]): string {
  const parts: string[] = [agent.executor];
  if (agent.command) parts.push(`command: ${[agent.command, ...agent.args].join(" ")}`);
  else if (agent.args.length > 0) parts.push(`args: ${agent.args.join(" ")}`);
  if (agent.model) parts.push(`model: ${agent.model}`);
  parts.push(`timeout ${agent.timeoutSeconds}s`);
  const env = Object.keys(agent.env);
  if (env.length > 0) parts.push(`env: ${env.join(", ")}`);
  return parts.join(", ");
}

function describeLayer(layer: Layer): string {
  if ("run" in layer) {
    const extra = layer.parse === "regex" && layer.pattern ? ` /${layer.pattern}/` : layer.parse === "json" && layer.fields ? ` ${Object.keys(layer.fields).join(",")}` : "";
    return `${layer.run} (parse: ${layer.parse}${extra}, timeout ${layer.timeoutSeconds}s)`;
  }
  if ("policy" in layer) {
    const policy = layer.policy;
    const parts: string[] = [];
    if (policy.forbidPaths.length > 0) parts.push(`forbid ${policy.forbidPaths.join(" ")}`);
    if (policy.allowPaths) parts.push(`allow only ${policy.allowPaths.join(" ")}`);
    if (policy.maxChangedLines !== undefined) parts.push(`at most ${policy.maxChangedLines} changed lines`);
    return parts.join("; ") || "no checks";
  }
  return `reviewer: ${describeAgent(layer.agent)}`;
}

// Label: value pairs with the values in one column; a multi-line value continues under itself.
function fields(pairs: readonly (readonly [string, string])[], prefix = "", minWidth = 0): string {
  const width = Math.max(minWidth, ...pairs.map(([label]) => label.length + 2));
  return pairs
    .map(([label, value]) => {
      const lines = value.trim().split("\n");
      const head = `${prefix}${`${label}:`.padEnd(width)}${lines[0]}`;
      const rest = lines.slice(1).map((line) => `${prefix}${" ".repeat(width)}${line}`);
      return [head, ...rest].map((line) => line.trimEnd()).join("\n");
    })
    .join("\n") + "\n";
}

function indent(text: string): string {
  return text.split("\n").map((line) => (line ? `  ${line}` : line)).join("\n");
}
