// Postgres text and jsonb cannot hold the NUL character: find one anywhere in an input before it
// reaches a query, and say where it is.
export function findNul(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path.join(".") || "(input)" : null;
  if (depth > 64 || value === null || typeof value !== "object") return null; // zod refuses deeper shapes
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000")) return [...path, key].join(".");
    const found = findNul(item, [...path, key], depth + 1);
    if (found !== null) return found;
  }
  return null;
}
