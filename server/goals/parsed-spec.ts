// A goal's stored spec read through the one schema, so fields added after it was stored get the schema's
// defaults. Parsed once per goal and generation (a generation's spec never changes: apply bumps it), and
// frozen, since every reader of that generation shares the one object.
import { goalSpecSchema, type GoalSpec } from "../spec/goal-spec";

const KEPT = 5_000;
const parsed = new Map<string, GoalSpec>();

export function parsedSpec(goal: { id: string; generation: number; spec: unknown }): GoalSpec {
  const key = `${goal.id}@${goal.generation}`;
  const hit = parsed.get(key);
  if (hit) return hit;
  const spec = deepFreeze(goalSpecSchema.parse(goal.spec));
  if (parsed.size >= KEPT) parsed.delete(parsed.keys().next().value as string);
  parsed.set(key, spec);
  return spec;
}

// For paths that must not fail on a spec the schema no longer accepts (a failure being recorded, say).
export function parsedSpecOrNull(goal: { id: string; generation: number; spec: unknown }): GoalSpec | null {
  try {
    return parsedSpec(goal);
  } catch {
    return null;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
