// The schema's default for a key ("spec.stop.maxIterations" → 10), read from the schema, so what the
// form says a blank field means cannot drift from what the schema does with it.
import { goalManifestKeys } from "@/server/spec/schema-keys";

let defaults: Map<string, unknown> | null = null;

export function schemaDefault(path: string): unknown {
  defaults ??= new Map(
    goalManifestKeys().flatMap((key) => {
      const def = key.schema._zod.def as { type: string; defaultValue?: unknown };
      return def.type === "default" ? [[key.path, def.defaultValue] as const] : [];
    }),
  );
  return defaults.get(path);
}

// "10 (default)", for a blank field's placeholder.
export function defaultPlaceholder(path: string): string {
  return `${String(schemaDefault(path))} (default)`;
}
