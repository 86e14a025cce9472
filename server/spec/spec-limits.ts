// How large a goal may be, field by field and as a whole. Generous for any real goal; what they stop is
// a goal that makes every page, list and prompt showing it huge (one with 100,000 labels and a 20 MB
// intent made the board 120 MB for everyone). Label rules follow Kubernetes' (63-character names and values).
import { z } from "zod";

export const SPEC_LIMITS = {
  labels: 64,
  labelChars: 63,
  intentChars: 64 * 1024,
  commandChars: 16 * 1024, // workspace.setup, a layer's run, agent.command
  textChars: 4096, // a repository, a ref, a model, an argument, a pattern, a path, a URL
  nameChars: 255, // an environment variable's or a metric's name
  envValueChars: 16 * 1024,
  args: 100,
  envVars: 100,
  layers: 50,
  metrics: 100,
  paths: 200, // forbidPaths, allowPaths
  fields: 100, // a json layer's metric → field map
  manifestBytes: 256 * 1024, // the whole goal as JSON
} as const;

export function text(max: number = SPEC_LIMITS.textChars) {
  return z.string().max(max, `must be at most ${max.toLocaleString("en")} characters`);
}

// A list whose length is checked before its items, so one error says so, not one per item.
export function list<T extends z.ZodType>(item: T, max: number, noun: string) {
  return z.array(item).max(max, `must hold at most ${max} ${noun}`);
}

// A mapping whose size is checked before its entries (zod has no size check for records, and would
// report each of 100,000 bad entries): one error naming the limit and what was found.
export function mapping<K extends z.core.$ZodRecordKey, V extends z.core.SomeType>(key: K, value: V, max: number, noun: string) {
  return z
    .record(z.string(), z.unknown())
    .superRefine((record, ctx) => {
      const count = Object.keys(record).length;
      if (count > max) ctx.addIssue({ code: "custom", message: `must hold at most ${max} ${noun}, found ${count.toLocaleString("en")}` });
    })
    .pipe(z.record(key, value));
}

// The whole goal, as stored and as every page and list sends it.
export function manifestSizeProblem(manifest: unknown): string | null {
  const bytes = new TextEncoder().encode(JSON.stringify(manifest)).length;
  const max = SPEC_LIMITS.manifestBytes;
  return bytes > max
    ? `the goal is ${Math.ceil(bytes / 1024).toLocaleString("en")} KiB as JSON; a goal may be at most ${max / 1024} KiB (keep long material in the repository)`
    : null;
}
