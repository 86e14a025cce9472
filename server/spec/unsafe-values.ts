// What a goal document may not hold whatever the schema says: a `__proto__` key (a record would drop
// it silently, or an object built from it would take it as its prototype) and the NUL character
// (Postgres text and jsonb cannot hold it). Found with the path, so the error names the field.
export type UnsafeValue = { path: (string | number)[]; message: string };

const NUL = "text cannot contain the NUL character (\\u0000)";

export function findUnsafeValue(value: unknown, path: (string | number)[] = [], depth = 0): UnsafeValue | null {
  if (typeof value === "string") return value.includes("\u0000") ? { path, message: NUL } : null;
  // Deeper shapes than this are refused by the schema, and by the YAML reader before it.
  if (depth > 100 || value === null || typeof value !== "object") return null;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, item] of entries) {
    if (key === "__proto__") return { path: [...path, key], message: "is not allowed as a key" };
    if (typeof key === "string" && key.includes("\u0000")) return { path: [...path, key], message: `a key: ${NUL}` };
    const found = findUnsafeValue(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
