// What the checker is asked: the goal's intent, the maker's diff, and the exact line to end with.
import { VERDICT_FORMAT } from "./parse-verdict";

// A diff too large for a prompt is cut at its tail; the head shows which files changed first.
export const PROMPT_DIFF_LIMIT_CHARS = 200_000;

export function buildReviewerPrompt(intent: string, diff: string): string {
  const shownDiff =
    diff.length > PROMPT_DIFF_LIMIT_CHARS
      ? `${diff.slice(0, PROMPT_DIFF_LIMIT_CHARS)}\n[… ${diff.length - PROMPT_DIFF_LIMIT_CHARS} more characters of the diff cut …]`
      : diff;
  return [
    "You are reviewing a change another coding agent made to this repository. Do not modify any files: read, judge and report.",
    "",
    "## The intent the change must achieve",
    intent.trim(),
    "",
    "## The change (unified diff)",
    "```diff",
    shownDiff.trimEnd() || "(the diff is empty: nothing was changed)",
    "```",
    "",
    "## Your answer",
    "Judge whether the change achieves the intent correctly and safely, without unrelated edits or weakened tests.",
    'Use "approve" only if it should be kept as it is; otherwise use "changes_requested" and say in comments what must change.',
    "score is your confidence that the change achieves the intent, from 0 to 1.",
    "End your output with exactly one line of JSON, on its own line and with nothing after it, in this form:",
    VERDICT_FORMAT,
  ].join("\n");
}
