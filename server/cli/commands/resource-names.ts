// The resource words kubectl users type: `get goals`, `get goal x`, `get iterations x`.
import { CliError } from "../cli-error";
import { shorten } from "../shorten";

const GOAL = ["goal", "goals", "g"];
const ITERATION = ["iteration", "iterations", "it", "its"];

export function parseResource(word: string, allowed: readonly ("goal" | "iteration")[]): "goal" | "iteration" {
  const lower = word.toLowerCase();
  if (allowed.includes("goal") && GOAL.includes(lower)) return "goal";
  if (allowed.includes("iteration") && ITERATION.includes(lower)) return "iteration";
  const names = allowed.map((name) => `${name}s`).join(" or ");
  throw new CliError(`unknown resource '${shorten(word)}': expected ${names}`);
}

export function requireName(name: string | undefined, usage: string): string {
  if (!name) throw new CliError(`a goal name is required: ${usage}`);
  return name;
}
