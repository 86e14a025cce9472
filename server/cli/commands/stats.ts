// `stats [--by executor|repo|label:KEY] [--days N] [-o json|yaml]`: the /insights page in a terminal.
import type { Command } from "commander";
import { DEFAULT_DAYS, GROUPINGS, MAX_DAYS } from "../../insights/insights-query";
import { CliError } from "../cli-error";
import type { CliContext } from "../cli-context";
import { parseOutputFormat } from "../parse-options";
import { shorten } from "../shorten";

type StatsOptions = { by?: string; days?: string; output?: string };

export function registerStats(program: Command, context: CliContext): void {
  program
    .command("stats")
    .description(
      "insights over a period: per executor and model, repository or label, how runs ended, the median iterations, cost and time to converge, the spend per day, why runs stopped short, and how often each agent was caught gaming",
    )
    .option("--by <grouping>", `${GROUPINGS.join(", ")} (default executor)`)
    .option("--days <n>", `the last N days, today included (1-${MAX_DAYS}, default ${DEFAULT_DAYS})`)
    .option("-o, --output <format>", "json or yaml")
    .action(async (options: StatsOptions) => {
      const output = parseOutputFormat(options.output, ["json", "yaml"]) as "json" | "yaml" | undefined;
      const days = options.days === undefined ? undefined : parseDays(options.days);
      const insights = await (await context.api()).insights(options.by, days);
      if (output) {
        const { formatObject } = await import("../format/format-object");
        context.print(formatObject(insights, output));
      } else {
        context.print((await import("../format/format-insights")).formatInsights(insights));
      }
    });
}

function parseDays(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1 || number > MAX_DAYS)
    throw new CliError(`--days must be a whole number from 1 to ${MAX_DAYS}; found '${shorten(value)}'`);
  return number;
}
