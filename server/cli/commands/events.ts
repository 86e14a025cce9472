// `events [GOAL] [--actor NAME] [--type TYPE] [--limit N] [--since DURATION]`: who did what, when.
import type { Command } from "commander";
import { DEFAULT_EVENT_LIMIT } from "../../events/list-events";
import { CliError } from "../cli-error";
import type { CliContext } from "../cli-context";
import { formatEventTable } from "../format/format-event-table";
import { parseDuration } from "../parse-duration";
import { shorten } from "../shorten";
import { parseGoalName, parseOutputFormat } from "../parse-options";

type EventsOptions = { actor?: string; type?: string; limit?: string; since?: string; output?: string };

export function registerEvents(program: Command, context: CliContext): void {
  program
    .command("events")
    .description("show the audit trail: decisions, spec changes, pause/resume/cancel/delete and phase changes, across goals or for one")
    .argument("[goal]", "only this goal's events (a deleted goal's too)")
    .option("--actor <name>", "only events by this person, token or runner")
    .option("--type <type>", "only events of this type or reason (e.g. SpecChanged, Approved, Deleted)")
    .option("--limit <n>", "at most this many, the newest (1-1000, default 100)")
    .option("--since <duration>", "only events newer than this: 90s, 15m, 2h, 7d")
    .option("-o, --output <format>", "json or yaml")
    .action(async (goal: string | undefined, options: EventsOptions) => {
      const output = parseOutputFormat(options.output, ["json", "yaml"]) as "json" | "yaml" | undefined;
      const filter = {
        goal: goal === undefined ? undefined : await parseGoalName(goal, "GOAL"),
        actor: bounded(options.actor, "--actor", 200),
        type: bounded(options.type, "--type", 100),
        limit: options.limit === undefined ? undefined : parseLimit(options.limit),
        sinceSeconds: options.since === undefined ? undefined : parseDuration(options.since),
      };
      const events = await (await context.api()).listEvents(filter);
      if (output) {
        const { formatObject } = await import("../format/format-object");
        context.print(formatObject(events, output));
      } else if (events.length === 0) context.print(goal ? `No events found for goal '${goal}'.` : "No events found.");
      else {
        context.print(formatEventTable(events));
        const limit = filter.limit ?? DEFAULT_EVENT_LIMIT;
        // A note, not data: on stderr, so the table stays what scripts read.
        if (events.length === limit) process.stderr.write(`(the newest ${limit}; --limit shows up to 1000, --since narrows)\n`);
      }
    });
}

function bounded(value: string | undefined, option: string, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (value.length === 0 || value.length > max) throw new CliError(`${option} must be 1 to ${max} characters; found '${shorten(value)}'`);
  if (value.includes("\0")) throw new CliError(`${option} cannot contain the NUL character (\\u0000)`);
  return value;
}

function parseLimit(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1 || number > 1000)
    throw new CliError(`--limit must be a whole number from 1 to 1000; found '${shorten(value)}'`);
  return number;
}
