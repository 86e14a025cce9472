// The resource words kubectl users type: `get goals`, `get goal x`, `get iterations x`, `get candidates x`, `get executors`.
import { CliError } from "../cli-error";
import { shorten } from "../shorten";

const GOAL = ["goal", "goals", "g"];
const ITERATION = ["iteration", "iterations", "it", "its"];
const EXECUTOR = ["executor", "executors"];
const CANDIDATE = ["candidate", "candidates"];

type Resource = "goal" | "iteration" | "executor" | "candidate";

export function parseResource<T extends Resource>(word: string, allowed: readonly T[]): T {
  const lower = word.toLowerCase();
  const words: Record<Resource, string[]> = { goal: GOAL, iteration: ITERATION, executor: EXECUTOR, candidate: CANDIDATE };
  const found = allowed.find((resource) => words[resource].includes(lower));
  if (found) return found;
  const names = allowed.map((name) => `${name}s`).join(" or ");
  throw new CliError(`unknown resource '${shorten(word)}': expected ${names}`);
}

export function requireName(name: string | undefined, usage: string): string {
  if (!name) throw new CliError(`a goal name is required: ${usage}`);
  return name;
}
