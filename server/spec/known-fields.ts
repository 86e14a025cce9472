// The fields the goal schema allows at a path, read from the schema itself, so that an unknown key
// ("stpo") can be answered with the one that was meant ("stop") without a second list to keep in step.
import type { z } from "zod";
import { goalManifestSchema } from "./goal-spec";

export type AnySchema = z.core.$ZodType;

export function knownFieldsAt(path: readonly PropertyKey[], root: AnySchema = goalManifestSchema): string[] | null {
  let schema: AnySchema | null = unwrapSchema(root);
  for (const segment of path) {
    if (!schema) return null;
    const def = schema._zod.def as { type: string; shape?: Record<string, AnySchema>; element?: AnySchema; valueType?: AnySchema };
    if (def.type === "object" && typeof segment === "string" && def.shape?.[segment]) schema = unwrapSchema(def.shape[segment]);
    else if (def.type === "array" && typeof segment === "number" && def.element) schema = unwrapSchema(def.element);
    else if (def.type === "record" && def.valueType) schema = unwrapSchema(def.valueType);
    else return null;
  }
  const def = schema?._zod.def as { type: string; shape?: Record<string, AnySchema> } | undefined;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : null;
}

// The closest known field within two edits (or one for short names), else null.
export function suggestField(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  const allowed = Math.min(2, Math.floor(key.length / 3));
  return bestDistance <= Math.max(1, allowed) ? best : null;
}

// The schema under its default, optional, nullable or prefault wrappers.
export function unwrapSchema(schema: AnySchema): AnySchema {
  let current: AnySchema = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = current._zod.def as { type: string; innerType?: AnySchema };
    if ((def.type === "default" || def.type === "optional" || def.type === "nullable" || def.type === "prefault") && def.innerType) current = def.innerType;
    else return current;
  }
  return current;
}

// Damerau-style distance with adjacent transpositions, so "stpo" is one edit from "stop".
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
