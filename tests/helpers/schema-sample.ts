// Reading and filling manifests by schema key path ("spec.notify[].url"), for tests that walk every key
// of the goal schema: a fixture gets a made-up value for any key it does not set yet, so a field added
// to the schema later is covered without editing the test.
import { unwrapSchema, type AnySchema } from "../../server/spec/known-fields";
import type { SchemaKey } from "../../server/spec/schema-keys";

type Json = Record<string, unknown>;
type Def = {
  type: string;
  innerType?: AnySchema;
  defaultValue?: unknown;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  entries?: Record<string, string>;
  values?: unknown[];
};

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

function segments(path: string): string[] {
  return path.replace(/\[\]/g, ".[]").split(".");
}

// Every value found at a key path, across list elements; a key that is absent gives nothing.
export function valuesAt(manifest: unknown, path: string): unknown[] {
  let current: unknown[] = [manifest];
  for (const segment of segments(path)) {
    current =
      segment === "[]"
        ? current.flatMap((value) => (Array.isArray(value) ? value : []))
        : current.flatMap((value) => (isObject(value) && segment in value ? [value[segment]] : []));
  }
  return current;
}

// A key the manifest sets nowhere gets a made-up value, in the first parent object that exists and is of
// a kind that declares it (a run layer gets `pattern`, a policy layer does not).
export function fillKey(manifest: unknown, key: SchemaKey): void {
  if (valuesAt(manifest, key.path).length > 0) return;
  const parts = segments(key.path);
  const last = parts.pop()!;
  let parents: unknown[] = [manifest];
  for (const segment of parts) {
    parents =
      segment === "[]"
        ? parents.flatMap((value) => (Array.isArray(value) ? value : []))
        : parents.flatMap((value) => (isObject(value) && segment in value ? [value[segment]] : []));
  }
  for (const parent of parents) {
    if (!isObject(parent) || last in parent) continue;
    const declares = key.owners.some((owner) => Object.keys(parent).every((name) => name in ((unwrapSchema(owner)._zod.def as Def).shape ?? {})));
    if (!declares) continue;
    parent[last] = sampleValue(key.schema, key.path);
    return;
  }
}

// A value the key's schema accepts that differs from its default, so losing it would show.
export function sampleValue(schema: AnySchema, path: string): unknown {
  const outer = schema._zod.def as Def;
  const fallback = outer.type === "default" ? outer.defaultValue : undefined;
  const inner = unwrapSchema(schema);
  const def = inner._zod.def as Def;
  const accepted = (candidates: unknown[]) => {
    const found = candidates.find(
      (value) => !sameJson(value, fallback) && (inner as unknown as { safeParse(value: unknown): { success: boolean } }).safeParse(value).success,
    );
    if (found === undefined) throw new Error(`no sample value for ${path} (a ${def.type}): give it one in the test's fixture`);
    return found;
  };
  switch (def.type) {
    case "string":
      return accepted(["sample-value", "https://example.com/sample", "0 6 * * *", "SAMPLE_NAME", "/srv/sample-value"]);
    case "number":
      return accepted([7, 1, 0.5, 0, 250]);
    case "boolean":
      return accepted([fallback === undefined ? true : !fallback]);
    case "enum":
      return accepted(Object.values(def.entries ?? {}));
    case "literal":
      return accepted(def.values ?? []);
    case "array":
      return [sampleValue(def.element!, `${path}[]`)];
    case "record":
      return { SAMPLE_KEY: sampleValue(def.valueType!, `${path}.SAMPLE_KEY`) };
    case "object":
      return Object.fromEntries(Object.entries(def.shape ?? {}).map(([name, child]) => [name, sampleValue(child, `${path}.${name}`)]));
    default:
      throw new Error(`no sample value for ${path} (a ${def.type}): give it one in the test's fixture`);
  }
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
