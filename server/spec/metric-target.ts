// A target is written as "<op> <number>", e.g. ">= 1". Parsed once here, used by the schema and the loop.
export const TARGET_OPS = [">=", "<=", "==", "!=", ">", "<"] as const;
export type TargetOp = (typeof TARGET_OPS)[number];
export type Target = { op: TargetOp; value: number };

const TARGET_PATTERN = /^\s*(>=|<=|==|!=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i;

export function parseTarget(text: string): Target | null {
  const match = TARGET_PATTERN.exec(text);
  if (!match) return null;
  return { op: match[1] as TargetOp, value: Number(match[2]) };
}

export function targetHolds(target: Target, measured: number | undefined): boolean {
  if (measured === undefined || Number.isNaN(measured)) return false;
  switch (target.op) {
    case ">=": return measured >= target.value;
    case "<=": return measured <= target.value;
    case "==": return measured === target.value;
    case "!=": return measured !== target.value;
    case ">": return measured > target.value;
    case "<": return measured < target.value;
  }
}
