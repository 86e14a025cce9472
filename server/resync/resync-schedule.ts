// triggers.schedule: a 5-field cron expression (UTC) saying when a converged goal's layers are measured again.
import { CronExpressionParser } from "cron-parser";

export const SCHEDULE_HINT = "must be a cron expression of 5 fields, e.g. '0 * * * *'";

// Null when the text is a usable schedule, else what is wrong with it. cron-parser also takes 6 fields
// (seconds) and macros (@hourly): refused, so no schedule fires more than once a minute and every one reads the same way.
export function scheduleProblem(text: string): string | null {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5) return `${SCHEDULE_HINT}; found ${fields.length} field${fields.length === 1 ? "" : "s"}`;
  try {
    CronExpressionParser.parse(text, { tz: "UTC" });
    return null;
  } catch (error) {
    return `${SCHEDULE_HINT}: ${(error as Error).message}`;
  }
}

// The first time the schedule fires strictly after `after`.
export function nextResyncAt(schedule: string, after: Date): Date {
  return CronExpressionParser.parse(schedule, { tz: "UTC", currentDate: after }).next().toDate();
}

// A goal with no schedule is never resynced.
export function nextResyncFor(spec: { triggers?: { schedule?: string } }, after: Date): Date | null {
  const schedule = spec.triggers?.schedule;
  return schedule ? nextResyncAt(schedule, after) : null;
}
