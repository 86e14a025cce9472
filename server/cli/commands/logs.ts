// `logs NAME [--iteration N]`: what the agent was told, what it said, and what each layer printed.
import type { Command } from "commander";
import type { CliContext } from "../cli-context";
import { formatLogs } from "../format/format-logs";
import { parseGoalName, parseIterationNumber } from "../parse-options";

export function registerLogs(program: Command, context: CliContext): void {
  program
    .command("logs")
    .description("show the prompt, agent output and layer logs of an iteration (the latest by default)")
    .argument("<name>", "the goal's name")
    .option("--iteration <n>", "the iteration number")
    .action(async (name: string, options: { iteration?: string }) => {
      await parseGoalName(name);
      const iteration = options.iteration === undefined ? undefined : parseIterationNumber(options.iteration);
      context.print(formatLogs(await (await context.api()).logs(name, iteration)));
    });
}
