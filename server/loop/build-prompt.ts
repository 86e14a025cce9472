// The agent's prompt for one iteration, from measurements only: same input, same text (pure, deterministic).
import type { GoalSpec } from "../spec/goal-spec";
import { distance } from "./distance";
import { contextSection, fenceFor, type ProjectContext } from "./project-context";
import { describeTarget, formatValue, measured, specTargets, type MetricTarget } from "./spec-targets";
import { tailLog, type LogTail } from "./tail-log";
import type { Metrics } from "./types";

export const PROMPT_LIMIT_CHARS = 24_000;
export const LOG_TAIL_LINES = 60;
export const COMMENT_LIMIT_CHARS = 4_000;
const MAX_LISTED_PATHS = 20;
const SLACK_CHARS = 200; // headings and fences may grow a little once the logs are in

export type PromptLayer = { name: string; ok: boolean; log: string; comments: string | null };
export type PromptIteration = { number: number; metrics: Metrics; layers: PromptLayer[] };

export type PromptInput = {
  goal: string; // the goal's name
  spec: GoalSpec;
  iteration: number; // the iteration the agent is about to make
  fromIteration: number; // whose commit the working tree holds
  previous: PromptIteration | null; // the last measured iteration, kept or not
  best: PromptIteration | null; // the best accepted iteration
  rejection: { iteration: number; comment: string; by?: string | null } | null; // a person rejected the last iteration
  reverted: { iteration: number; reason: string } | null; // the last iteration's change was dropped
  // Tool calls the agent's CLI refused in the last iteration ("Bash: npm test"), under agent.permissions.
  denied: { iteration: number; calls: string[] } | null;
  // The last iteration changed protected paths (evaluation.protect): undone before it was measured.
  protectUndone?: { iteration: number; violations: { path: string; change: string }[] } | null;
  // spec.context and spec.contextCommand as gathered for this iteration (capped by their own limits).
  context?: ProjectContext | null;
  targets?: MetricTarget[]; // resolved by the judge; without them a relative target reads as unresolved
};

export function buildPrompt(input: PromptInput): string {
  const { previous } = input;
  const knowledge = contextSection(input.context);
  const sections = [
    `# Setpoint goal "${input.goal}": iteration ${input.iteration}`,
    `## What to achieve\n${input.spec.intent.trim()}`,
    targetsSection(input),
    startSection(input),
  ];
  if (input.denied && input.denied.calls.length > 0) sections.push(deniedSection(input.denied, input.spec));
  const comments = previous ? commentsSection(previous) : null;
  if (comments) sections.push(comments);
  const closing = closingSection(input.spec);

  const failing = previous?.layers.filter((layer) => !layer.ok) ?? [];
  // Project knowledge has its own caps (spec/context-spec.ts): it is not counted against the logs' room.
  const withKnowledge = (parts: string[]) => `${(knowledge ? [parts[0], parts[1], knowledge, ...parts.slice(2)] : parts).join("\n\n")}\n`;
  if (!previous || failing.length === 0) return withKnowledge([...sections, closing]);

  // Logs take whatever room the rest leaves, shared between failing layers; a short log gives its unused share away.
  const full = failing.map((layer) => tailLog(layer.log, LOG_TAIL_LINES, Number.MAX_SAFE_INTEGER));
  const heading = `## Failing layers in iteration ${previous.number}`;
  const frame =
    [...sections, heading, closing].join("\n\n").length +
    failing.reduce((sum, layer, i) => sum + 2 + logBlock(layer, { ...full[i], text: "x" }, true).length - 1, 0);
  const shares = share(
    full.map((tail) => tail.text.length),
    PROMPT_LIMIT_CHARS - frame - SLACK_CHARS,
  );
  const blocks = failing.map((layer, i) => {
    const tail = tailLog(layer.log, LOG_TAIL_LINES, shares[i]);
    return logBlock(layer, tail, tail.text !== full[i].text);
  });
  return withKnowledge([...sections, heading, ...blocks, closing]);
}

function targetsSection({ spec, previous, best, targets }: PromptInput): string {
  // An agent failure measured nothing: show the best iteration's values rather than a column of "not measured".
  const latest = previous && Object.keys(previous.metrics).length > 0 ? previous : (best ?? previous);
  const lines = (targets ?? specTargets(spec)).map((each) => {
    const { metric, target } = each;
    const text = describeTarget(each);
    if (!latest) return `- ${metric} ${text}: not measured yet`;
    const value = measured(latest.metrics, metric);
    const holds = distance(target, value) === 0;
    const bestNote =
      !holds && best && best.number !== latest.number ? `; best so far ${formatValue(measured(best.metrics, metric))} at iteration ${best.number}` : "";
    return `- ${metric} ${text}: ${formatValue(value)}, ${holds ? "met" : "NOT met"}${bestNote}`;
  });
  const source = latest
    ? `Measured on iteration ${latest.number}${latest.number === 0 ? " (the baseline, before any change)" : ""}:`
    : "No iteration has been measured yet.";
  return `## Targets\n${source}\n${lines.join("\n")}`;
}

function startSection({ iteration, fromIteration, rejection, reverted, protectUndone }: PromptInput): string {
  const lines = [
    fromIteration === 0
      ? `Your working tree holds the starting commit (iteration 0, before any agent change).`
      : `Your working tree holds the commit of iteration ${fromIteration}; build on it for iteration ${iteration}.`,
  ];
  if (protectUndone && protectUndone.violations.length > 0) {
    const listed = protectUndone.violations
      .slice(0, MAX_LISTED_PATHS)
      .map(({ path, change }) => `${JSON.stringify(path)} (${change})`)
      .join(", ");
    const more = protectUndone.violations.length > MAX_LISTED_PATHS ? ` and ${protectUndone.violations.length - MAX_LISTED_PATHS} more` : "";
    lines.push(
      `Iteration ${protectUndone.iteration} changed protected paths, which Setpoint undid before measuring: ${listed}${more}. Protected paths hold the checks that measure your work; they are restored to the goal's starting commit before every measurement, and an iteration that changes them is never accepted. Meet the targets by changing the code, not the checks.`,
    );
  }
  if (reverted)
    lines.push(`Iteration ${reverted.iteration}'s change was reverted: ${reverted.reason.trim()}. It is not in your working tree; do not repeat it.`);
  if (rejection) {
    const who = rejection.by?.trim() ? rejection.by.trim() : "a person";
    lines.push(`Iteration ${rejection.iteration} was rejected by ${who}; its change was dropped.`);
    lines.push(`Rejection comment: ${rejection.comment.trim() || "(none given)"}`);
  }
  return `## Where you start\n${lines.join("\n")}`;
}

const DENIED_SHOWN = 20;

function deniedSection(denied: { iteration: number; calls: string[] }, spec: GoalSpec): string {
  const allowed = spec.agent.permissions === "edit" ? "file edits only (agent.permissions: edit), no commands" : "what agent.permissions: full allows";
  const shown = denied.calls.slice(0, DENIED_SHOWN).map((call) => `- ${call.length > 200 ? `${call.slice(0, 200)}…` : call}`);
  const more = denied.calls.length > DENIED_SHOWN ? [`- and ${denied.calls.length - DENIED_SHOWN} more`] : [];
  return [
    `## Tool calls refused in iteration ${denied.iteration}`,
    `Your permissions allow ${allowed}. These calls were refused and did nothing:`,
    ...shown,
    ...more,
    "Reach the targets without them.",
  ].join("\n");
}

function commentsSection(previous: PromptIteration): string | null {
  const commented = previous.layers.filter((layer) => layer.comments?.trim());
  if (commented.length === 0) return null;
  const blocks = commented.map((layer) => {
    const text = layer.comments!.trim();
    const cut =
      text.length > COMMENT_LIMIT_CHARS
        ? `${text.slice(0, COMMENT_LIMIT_CHARS)}\n[comment cut: first ${COMMENT_LIMIT_CHARS} of ${text.length} characters shown]`
        : text;
    return `### ${layer.name}\n${cut}`;
  });
  return `## Reviewer and policy comments on iteration ${previous.number}\n${blocks.join("\n\n")}`;
}

function logBlock(layer: PromptLayer, tail: LogTail, cutToFit: boolean): string {
  if (tail.totalLines === 0) return `### ${layer.name} (failed, no output)`;
  if (tail.text === "")
    return `### ${layer.name} (failed; its ${tail.totalLines}-line log is left out to keep the prompt under ${PROMPT_LIMIT_CHARS} characters)`;
  const note = cutToFit
    ? `last ${tail.shownLines} of ${tail.totalLines} lines, cut to keep the prompt under ${PROMPT_LIMIT_CHARS} characters`
    : tail.cut
      ? `last ${tail.shownLines} of ${tail.totalLines} lines`
      : tail.totalLines === 1
        ? "1 line"
        : `all ${tail.totalLines} lines`;
  const fence = fenceFor(tail.text);
  return `### ${layer.name} (failed; log: ${note})\n${fence}\n${tail.text}\n${fence}`;
}

function closingSection(spec: GoalSpec): string {
  const layers = spec.evaluation.layers.map((layer) => layer.name).join(", ");
  return [
    "## How your work is judged",
    `When you finish, Setpoint runs the evaluation layers (${layers}) on your working tree and records what they measure.`,
    "Only those measurements decide whether the targets are met. What you say about your work, including that it is done or that tests pass, is not read: change the files so the layers measure it.",
    ...(spec.evaluation.protect.length > 0
      ? [
          `These paths are protected: ${spec.evaluation.protect.map((glob) => JSON.stringify(glob)).join(", ")}. Before measuring, Setpoint puts them back as they were at the goal's start and removes files added under them; an iteration that changes them is never accepted.`,
        ]
      : []),
    "Do not commit: leave your changes as files in the working tree, and Setpoint records them as this iteration's commit (in a sandbox the repository is read-only, so `git add` and `git commit` fail). Do not create a git repository inside the working tree: a change that holds one is refused.",
  ].join("\n");
}

// Splits a budget between needs, smallest need first, so no one gets more than it needs.
function share(needs: number[], budget: number): number[] {
  const order = needs.map((_, i) => i).sort((a, b) => needs[a] - needs[b] || a - b);
  const out = needs.map(() => 0);
  let left = Math.max(0, budget);
  order.forEach((index, position) => {
    out[index] = Math.min(needs[index], Math.floor(left / (order.length - position)));
    left -= out[index];
  });
  return out;
}
