// What an insights read asks for, one schema for the page's URL, the API and the CLI: how to group the
// runs (by executor and model, by repository, or by a label's value) and over how many days back.
import { z } from "zod";

export const GROUPINGS = ["executor", "repo", "label:KEY"] as const; // as said to people
export const DEFAULT_DAYS = 30;
export const MAX_DAYS = 3650;
export const PERIOD_CHOICES = [1, 7, 30, 90, 365] as const; // the page's periods; the CLI takes any --days

const LABEL_KEY = /^[a-zA-Z0-9][-a-zA-Z0-9_./]{0,62}$/; // as goal-spec.ts's label keys

export type InsightsGroup = { by: "executor" } | { by: "repo" } | { by: "label"; key: string };

export const insightsGroupSchema = z.string().transform((text, ctx): InsightsGroup => {
  if (text === "executor" || text === "repo") return { by: text };
  const key = text.startsWith("label:") ? text.slice("label:".length) : null;
  if (key !== null && LABEL_KEY.test(key)) return { by: "label", key };
  ctx.addIssue({ code: "custom", message: `must be executor, repo or label:KEY (KEY a label key such as team); found '${text.slice(0, 80)}'` });
  return z.NEVER;
});

export const insightsQuerySchema = z.object({
  by: insightsGroupSchema.default({ by: "executor" }),
  days: z.number().int("must be a whole number of days").min(1, "must be at least 1").max(MAX_DAYS, `must be at most ${MAX_DAYS}`).default(DEFAULT_DAYS),
});
export type InsightsQueryInput = z.input<typeof insightsQuerySchema>;
export type InsightsQuery = z.output<typeof insightsQuerySchema>;

export function formatGroup(group: InsightsGroup): string {
  return group.by === "label" ? `label:${group.key}` : group.by;
}

// The page's URL (?by=label:team&days=7): a mistake is said beside the control and the default used.
export function parseInsightsParams(params: Record<string, string | string[] | undefined>): {
  query: InsightsQuery;
  errors: Partial<Record<"by" | "days", string>>;
} {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const errors: Partial<Record<"by" | "days", string>> = {};
  const by = first(params.by);
  const days = first(params.days);
  const group = by === undefined || by === "" ? undefined : insightsGroupSchema.safeParse(by);
  if (group && !group.success) errors.by = group.error.issues[0].message;
  const number = days === undefined || days === "" ? undefined : /^\d{1,6}$/.test(days) ? Number(days) : Number.NaN;
  const period = number === undefined ? undefined : insightsQuerySchema.shape.days.safeParse(number);
  if (period && !period.success)
    errors.days = Number.isNaN(number) ? `must be a whole number of days; found '${String(days).slice(0, 40)}'` : period.error.issues[0].message;
  return {
    query: insightsQuerySchema.parse({ by: group?.success ? by : undefined, days: period?.success ? number : undefined }),
    errors,
  };
}

// A group's name as people read it (the page and the CLI): "claude-code · opus", "/srv/repo", "(no team label)".
export function groupName(row: { key: string | null; model: string | null }, by: string): string {
  if (row.key === null) return `(no ${by.startsWith("label:") ? by.slice("label:".length) : by} label)`;
  if (row.key === "") return "(none)";
  return row.model ? `${row.key} · ${row.model}` : row.key;
}
