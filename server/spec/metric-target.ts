// A target is "<op> <number>" (">= 1") or relative to the run's measured history: "<op> baseline|best [(*|/|+|-) <number>]"
// ("<= baseline * 1.05", ">= best - 0.01"). Parsed once here, used by the schema and the loop; the loop resolves a
// relative one to a number from the baseline's or the best accepted iteration's value (server/loop/resolve-targets.ts).
export const TARGET_OPS = [">=", "<=", "==", "!=", ">", "<"] as const;
export type TargetOp = (typeof TARGET_OPS)[number];
export const TARGET_REFS = ["baseline", "best"] as const;
export type TargetRef = (typeof TARGET_REFS)[number];
export type TargetAdjust = { op: "*" | "/" | "+" | "-"; value: number };

// What the spec says: a number, or a reference to the history with an optional adjustment.
export type WrittenTarget = { op: TargetOp; value: number; ref?: undefined } | { op: TargetOp; ref: TargetRef; adjust: TargetAdjust | null };

// What a measurement is compared with. `unresolved` says why a relative target has no number (the baseline did not
// measure the metric, say): such a target never holds and is as far from met as it gets.
export type Target = { op: TargetOp; value: number; unresolved?: string };

export const TARGET_GRAMMAR = "'<op> <number>' or '<op> baseline|best [* / + - <number>]' with op one of >= > <= < == !=, e.g. '>= 1' or '<= baseline * 1.05'";

const NUMBER = String.raw`(-?\d+(?:\.\d+)?(?:e-?\d+)?)`;
const ABSOLUTE = new RegExp(String.raw`^\s*(>=|<=|==|!=|>|<)\s*${NUMBER}\s*$`, "i");
const RELATIVE = new RegExp(String.raw`^\s*(>=|<=|==|!=|>|<)\s*(baseline|best)\s*(?:([*/+-])\s*${NUMBER})?\s*$`);

export function parseTarget(text: string): WrittenTarget | null {
  const absolute = ABSOLUTE.exec(text);
  if (absolute) return { op: absolute[1] as TargetOp, value: Number(absolute[2]) };
  const relative = RELATIVE.exec(text);
  if (!relative) return null;
  const adjust = relative[3] ? { op: relative[3] as TargetAdjust["op"], value: Number(relative[4]) } : null;
  if (adjust?.op === "/" && adjust.value === 0) return null; // "baseline / 0" has no value
  return { op: relative[1] as TargetOp, ref: relative[2] as TargetRef, adjust };
}

// "<= baseline * 1.05", ">= 1": the written target in one spacing.
export function formatTarget(written: WrittenTarget): string {
  if (written.ref === undefined) return `${written.op} ${written.value}`;
  return `${written.op} ${written.ref}${written.adjust ? ` ${written.adjust.op} ${written.adjust.value}` : ""}`;
}

// The measured value a relative target names: undefined when that iteration did not measure the metric.
export type TargetRefValues = Record<TargetRef, number | undefined>;

export function resolveTarget(written: WrittenTarget, refs: TargetRefValues, metric: string): Target {
  if (written.ref === undefined) return { op: written.op, value: written.value };
  const base = refs[written.ref];
  if (base === undefined || Number.isNaN(base)) {
    return { op: written.op, value: NaN, unresolved: `the ${written.ref === "baseline" ? "baseline" : "best iteration"} did not measure ${metric}` };
  }
  return { op: written.op, value: adjusted(base, written.adjust) };
}

function adjusted(base: number, adjust: TargetAdjust | null): number {
  if (!adjust) return base;
  switch (adjust.op) {
    case "*":
      return base * adjust.value;
    case "/":
      return base / adjust.value;
    case "+":
      return base + adjust.value;
    case "-":
      return base - adjust.value;
  }
}

export function targetHolds(target: Target, measured: number | undefined): boolean {
  if (target.unresolved !== undefined || measured === undefined || Number.isNaN(measured)) return false;
  switch (target.op) {
    case ">=":
      return measured >= target.value;
    case "<=":
      return measured <= target.value;
    case "==":
      return measured === target.value;
    case "!=":
      return measured !== target.value;
    case ">":
      return measured > target.value;
    case "<":
      return measured < target.value;
  }
}
