// `approve NAME [--iteration N]`: lets an iteration waiting for approval be accepted; without
// --iteration, the goal's only waiting one (the server refuses, listing them, when several wait).
import type { Command } from "commander";
import type { CliContext } from "../cli-context";
import { parseGoalName, parseIterationNumber } from "../parse-options";

export function registerApprove(program: Command, context: CliContext): void {
  program
    .command("approve")
    .description("approve an iteration that awaits approval")
    .argument("<name>", "the goal's name")
    .option("--iteration <n>", "the iteration to approve (default: the one waiting, when only one waits)")
    .option("--comment <text>", "a note kept with the approval")
    .action(async (name: string, options: { iteration?: string; comment?: string }) => {
      await parseGoalName(name);
      const iteration = options.iteration === undefined ? undefined : parseIterationNumber(options.iteration);
      const result = await (await context.api()).approve(name, iteration, options.comment);
      context.print(`goal.setpoint.dev/${name} iteration ${result.number} approved`);
    });
}
