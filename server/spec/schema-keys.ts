// Every key a goal manifest can hold, read from the zod schema itself, so the form's catalog and the
// tests that no key is lost cover a field the day it is added, with no second list to keep in step.
import { goalManifestSchema, LAYER_KINDS, layerSchema } from "./goal-spec";
import { unwrapSchema, type AnySchema } from "./known-fields";

// `path` is dotted, with "[]" for the elements of a list ("spec.notify[].url"); `schema` is the key's
// own schema (its default included); `owners` are the object schemas that declare it (a layer's
// `name` is declared by each of the three kinds). A record's keys are data, not schema keys.
export type SchemaKey = { path: string; schema: AnySchema; owners: AnySchema[] };

type Def = { type: string; shape?: Record<string, AnySchema>; element?: AnySchema };

export function schemaKeys(root: AnySchema, variants: (schema: AnySchema) => readonly AnySchema[] | null = () => null): SchemaKey[] {
  const found = new Map<string, SchemaKey>();
  const visit = (schema: AnySchema, prefix: string) => {
    const inner = unwrapSchema(schema);
    for (const variant of variants(inner) ?? [inner]) {
      const def = unwrapSchema(variant)._zod.def as Def;
      if (def.type === "array" && def.element) visit(def.element, `${prefix}[]`);
      if (def.type !== "object" || !def.shape) continue;
      for (const [key, child] of Object.entries(def.shape)) {
        const path = prefix ? `${prefix}.${key}` : key;
        const known = found.get(path);
        if (known) known.owners.push(variant);
        else found.set(path, { path, schema: child, owners: [variant] });
        visit(child, path);
      }
    }
  };
  visit(root, "");
  return [...found.values()];
}

// A layer is checked by a transform that picks its kind: walk the three kinds instead.
export function goalManifestKeys(): SchemaKey[] {
  return schemaKeys(goalManifestSchema, (schema) => (schema === layerSchema ? Object.values(LAYER_KINDS) : null));
}

let order: Map<string, number> | null = null;

// A manifest with its keys in the order the schema declares them (keys it does not know last), so a
// stored goal, which Postgres hands back in its own key order, reads the way goals are written.
export function inSchemaOrder(value: unknown, path = ""): unknown {
  order ??= new Map(goalManifestKeys().map((key, index) => [key.path, index]));
  if (Array.isArray(value)) return value.map((item) => inSchemaOrder(item, `${path}[]`));
  if (typeof value !== "object" || value === null) return value;
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const rank = (key: string) => order!.get(at(key)) ?? Number.MAX_SAFE_INTEGER;
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((key) => [key, inSchemaOrder((value as Record<string, unknown>)[key], at(key))]));
}
