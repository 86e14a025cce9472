// `describe goal`: everything about one goal on one screen, laid out like kubectl describe.
import type { Layer } from "../../spec/goal-spec";
import { layerKind } from "../../spec/layer-kind";
import { targetsFor } from "../../loop/resolve-targets";
import { describeTarget } from "../../loop/spec-targets";
import { targetHolds } from "../../spec/metric-target";
import type { GoalEvent, GoalObject, IterationObject, NotificationObject, RunBudgets } from "../api-types";
import { formatAge, formatDuration } from "./format-age";
import { formatNumber, formatUsd } from "./format-metrics";
import { formatIterationTable } from "./format-iteration-table";
import { fields, indent } from "./format-fields";
import { formatTable } from "./format-table";
import { formatLabels } from "./format-goal-table";

export const DESCRIBE_EVENT_LIMIT = 20;
export const DESCRIBE_NOTIFICATION_LIMIT = 10;

// "Generation: ", so every top-level value starts in the same column.
const TOP_LABEL_WIDTH = 12;

export function formatGoalDescription(
  goal: GoalObject,
  iterations: readonly IterationObject[],
  events: readonly GoalEvent[],
  budgets: RunBudgets,
  now: Date,
  notifications: readonly NotificationObject[] = [],
): string {
  const { metadata, spec, status } = goal;
  const latest = latestMetrics(goal, iterations);
  const out: string[] = [];
  out.push(
    fields(
      [
        ["Name", metadata.name],
        ["Labels", formatLabels(metadata.labels) || "<none>"],
        ["Generation", `${metadata.generation} (observed ${status.observedGeneration})`],
        ["Created", `${metadata.creationTimestamp} (${formatAge(metadata.creationTimestamp, now)} ago)`],
        ["Intent", spec.intent],
        ["Workspace", describeWorkspace(goal)],
        ["Agent", describeAgent(spec.agent)],
        ...(spec.strategy.candidates > 1 ? [["Best of N", describeStrategy(spec.strategy)] as [string, string]] : []),
        ["Sandbox", describeSandbox(spec)],
      ],
      "",
      TOP_LABEL_WIDTH,
    ),
  );
  out.push("Targets:");
  out.push(
    indent(
      formatTable(
        ["METRIC", "TARGET", "LATEST", "MET"],
        resolvedTargets(goal, iterations).map((target) => {
          const value = latest[target.metric];
          return [
            target.metric,
            describeTarget(target),
            value === undefined ? "-" : formatNumber(value),
            value === undefined ? "?" : targetHolds(target.target, value) ? "✓" : "✗",
          ];
        }),
      ),
    ),
  );
  out.push("Layers:");
  out.push(
    indent(
      formatTable(
        ["NAME", "KIND", "DETAIL"],
        spec.evaluation.layers.map((layer) => [layer.name, layerKind(layer), describeLayer(layer)]),
      ),
    ),
  );
  const stop = spec.stop;
  out.push(
    fields(
      [
        [
          "Stop",
          [
            `at most ${stop.maxIterations} iterations, ${stop.maxDurationMinutes}m${stop.maxCostUsd === undefined ? "" : `, ${formatUsd(stop.maxCostUsd)}`}`,
            `stalled after ${stop.stallIterations} iterations without progress`,
            `on regression: ${stop.onRegression}`,
          ].join("; "),
        ],
        ["Retry", `up to ${spec.retry.maxAgentFailures} agent failures, ${spec.retry.backoffSeconds}s apart`],
        ["Approval", describeApproval(spec.approval)],
        ["Resync", describeResync(goal, now)],
      ],
      "",
      TOP_LABEL_WIDTH,
    ),
  );
  out.push("Status:");
  out.push(
    fields(
      [
        ["Phase", status.phase],
        ["Reason", status.reason || "-"],
        ["Message", status.message || "-"],
        [
          "Iteration",
          `${status.runIteration ?? "-"}/${stop.maxIterations}${status.runFromIteration > 0 && status.iteration !== null ? ` this run (it began at #${status.runFromIteration}; latest #${status.iteration})` : ""}`,
        ],
        ["Best", status.bestIteration === null ? "-" : String(status.bestIteration)],
        ["Cost", stop.maxCostUsd === undefined ? `${formatUsd(status.costUsd)} (no budget)` : `${formatUsd(status.costUsd)} / ${formatUsd(stop.maxCostUsd)}`],
        // This run's time as the duration budget counts it (paused and approval time left out), as the dashboard shows it.
        ["Elapsed", `${goal.status.startedAt ? formatDuration(budgets.minutes.used * 60_000) : "-"} / ${stop.maxDurationMinutes}m`],
        ...(budgets.forecast ? [["Forecast", describeForecast(budgets.forecast)] as const] : []),
        ["Runner", status.runner ?? "-"],
        ["Accepted commit", status.acceptedCommit ?? "-"],
        ...(status.pullRequest
          ? [
              [
                "Pull request",
                `${status.pullRequest.url} (#${status.pullRequest.number}, iteration ${status.pullRequest.iteration}${status.pullRequest.drifted ? ", drifted since" : ""})`,
              ] as const,
            ]
          : []),
      ],
      "  ",
    ),
  );
  out.push("Conditions:");
  out.push(
    status.conditions.length === 0
      ? "  <none>\n"
      : indent(
          formatTable(
            ["TYPE", "STATUS", "REASON", "MESSAGE", "AGE"],
            status.conditions.map((condition) => [
              condition.type,
              condition.status,
              condition.reason || "-",
              condition.message || "-",
              formatAge(condition.lastTransitionTime, now),
            ]),
          ),
        ),
  );
  out.push("Iterations:");
  out.push(
    iterations.length === 0
      ? "  <none>\n"
      : indent(formatIterationTable(iterations, now, { approval: spec.approval.policy !== "never", metricNames: spec.metrics.map((target) => target.metric) })),
  );
  if ((spec.notify ?? []).length > 0 || spec.workspace.pullRequest || notifications.length > 0) {
    out.push("Notifications:");
    out.push(
      notifications.length === 0
        ? "  <none sent yet>\n"
        : indent(
            formatTable(
              ["AGE", "EVENT", "TO", "STATUS", "ATTEMPTS", "LAST ERROR"],
              [...notifications]
                .reverse()
                .map((row) => [formatAge(row.createdAt, now), row.event, row.to, row.status, String(row.attempts), row.lastError ?? "-"]),
            ),
          ),
    );
  }
  out.push("Events:");
  const recent = [...events].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)).slice(-DESCRIBE_EVENT_LIMIT);
  out.push(
    recent.length === 0
      ? "  <none>\n"
      : indent(
          formatTable(
            ["AGE", "TYPE", "REASON", "FROM", "MESSAGE"],
            recent.map((event) => [formatAge(event.createdAt, now), event.type, event.reason, event.actor, event.message]),
          ),
        ),
  );
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

// The targets as they stand now: a relative one resolved from the run's baseline (the newest measurement that ran no
// agent) and the goal's best iteration, as the loop resolves it for the next iteration.
function resolvedTargets(goal: GoalObject, iterations: readonly IterationObject[]) {
  const baseline =
    [...iterations].sort((a, b) => b.number - a.number).find((iteration) => iteration.fromIteration === null && Object.keys(iteration.metrics).length > 0) ??
    null;
  const best = iterations.find((iteration) => iteration.number === goal.status.bestIteration) ?? null;
  return targetsFor(goal.spec, baseline, best, null);
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

// What the goal's commands can reach, said plainly: without a sandbox, on a runner that is not root (and so
// has no other user to run them as), they can act as the installation.
function describeSandbox(spec: GoalObject["spec"]): string {
  if (spec.sandbox === "bwrap") {
    return (
      `bwrap, network ${spec.network ? "on" : "off"}: the file system read-only but the worktree and the goal's home, a private /tmp, ` +
      "no capabilities, its own PID namespace (nothing a command starts outlives it); as the goal's own user when the runner runs as root"
    );
  }
  return (
    "none: a runner running as root runs the commands as the goal's own user, who cannot read Setpoint's credentials nor reach other goals' files; " +
    "a runner that is not root runs them as itself, and then this goal's agent can act as the installation " +
    "(read its admin token and its database). Each command runs in a PID namespace of its own where the runner can make one " +
    "(util-linux unshare; unprivileged user namespaces on a runner that is not root), so nothing it starts outlives it; " +
    "where it cannot (the runner's log says so when it starts), a process that left its process group (setsid) outlives the agent " +
    "and can change the worktree while it is measured. Use sandbox: bwrap for code you do not trust"
  );
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

// "3 candidates when the loop would stall: claude-code, codex (gpt-5)"
function describeStrategy(strategy: GoalObject["spec"]["strategy"]): string {
  const when = strategy.when === "always" ? "every iteration" : "when the loop would stall";
  const makers = strategy.executors.map((entry) => (entry.model ? `${entry.executor} (${entry.model})` : entry.executor));
  return `${strategy.candidates} candidates ${when}${makers.length > 0 ? `, agents in turn: ${makers.join(", ")}` : ", each the goal's agent"}`;
}

function describeLayer(layer: Layer): string {
  if ("run" in layer) {
    const extra =
      layer.parse === "regex" && layer.pattern
        ? ` /${layer.pattern}/`
        : layer.parse === "json" && layer.fields
          ? ` ${Object.keys(layer.fields).join(",")}`
          : "";
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

// The run's forecast in a line or two: what is left at the trend, or why there is no projection, and the warnings.
function describeForecast(forecast: NonNullable<RunBudgets["forecast"]>): string {
  const head =
    forecast.kind === "projected"
      ? `${forecast.message}; about ${formatUsd(forecast.costUsd.estimate)} and ${formatDuration(forecast.minutes.estimate * 60_000)} more`
      : forecast.kind === "no-progress"
        ? `not converging at this rate: ${forecast.message}`
        : forecast.message;
  return [head, ...forecast.warnings.map((warning) => `warning: ${warning.message}`)].join("; ");
}
