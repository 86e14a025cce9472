// spec.strategy: best of N. Each iteration (always) or a would-be stall (onStall) runs several candidate agents
// from the same commit; the loop keeps the best measured one (server/loop/pick-candidate.ts).
import { z } from "zod";
import { EXECUTOR_CATALOG, EXECUTORS } from "../executors/executor-catalog";
import { list, SPEC_LIMITS, text } from "./spec-limits";

export const STRATEGY_WHEN = ["always", "onStall"] as const;
export const MAX_CANDIDATES = 8;

const executorName = z.enum(EXECUTORS, { error: `must be one of: ${EXECUTORS.join(", ")}` });

// `codex` or { executor: codex, model: gpt-5, baseUrl: ..., command: ..., args: [...] }: what names a provider or
// a CLI (model, API address, executable, CLI flags) is the entry's own for another executor; the rest (timeout,
// env, permissions) is the goal's agent's.
const candidateExecutor = z.preprocess(
  (value) => (typeof value === "string" ? { executor: value } : value),
  z.strictObject({
    executor: executorName,
    model: text().min(1).optional(),
    baseUrl: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://gateway.example.com" })
      .max(SPEC_LIMITS.textChars)
      .optional(),
    command: text(SPEC_LIMITS.commandChars).min(1).optional(),
    args: list(text(), SPEC_LIMITS.args, "arguments").optional(),
  }),
);

export const strategySchema = z
  .strictObject({
    candidates: z.number().int().min(1, "must be at least 1").max(MAX_CANDIDATES, `must be at most ${MAX_CANDIDATES}`).default(1),
    // Taken round-robin, candidate 1 first; empty: every candidate is the goal's agent.
    executors: list(candidateExecutor, MAX_CANDIDATES, "executors").default([]),
    when: z.enum(STRATEGY_WHEN, { error: `must be one of: ${STRATEGY_WHEN.join(", ")}` }).default("always"),
  })
  .default({ candidates: 1, executors: [], when: "always" });

export type Strategy = z.infer<typeof strategySchema>;
export type CandidateExecutor = Strategy["executors"][number];

// Why an entry of strategy.executors cannot stand in for the goal's agent, or null: an executor that needs
// a command or a model of its own can only be the goal's own executor, or name its model.
export function candidateExecutorProblem(entry: CandidateExecutor, makerExecutor: string): string | null {
  const catalog = EXECUTOR_CATALOG[entry.executor];
  if (catalog.commandRequired && entry.executor !== makerExecutor && !entry.command)
    return `'${entry.executor}' needs a command: write { executor: ${entry.executor}, command: ... }`;
  if (catalog.modelRequired && !entry.model && entry.executor !== makerExecutor)
    return `'${entry.executor}' needs a model: write { executor: ${entry.executor}, model: ... }`;
  return null;
}
