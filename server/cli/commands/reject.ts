// `reject NAME [--iteration N] --comment C`: the comment is required, it tells the agent what to fix;
// without --iteration, the goal's only waiting iteration.
import type { Command } from "commander";
import { CliError } from "../cli-error";
import type { CliContext } from "../cli-context";
import { parseGoalName, parseIterationNumber } from "../parse-options";

export function registerReject(program: Command, context: CliContext): void {
  program
    .command("reject")
    .description("reject an iteration that awaits approval, saying why")
    .argument("<name>", "the goal's name")
    .option("--iteration <n>", "the iteration to reject (default: the one waiting, when only one waits)")
    .option("--comment <text>", "why it is rejected (required)")
    .action(async (name: string, options: { iteration?: string; comment?: string }) => {
      await parseGoalName(name);
      const iteration = options.iteration === undefined ? undefined : parseIterationNumber(options.iteration);
      const comment = options.comment?.trim();
      if (!comment) throw new CliError("reject needs --comment <text>: say why the iteration is rejected");
      const result = await (await context.api()).reject(name, iteration, comment);
      context.print(`goal.setpoint.dev/${name} iteration ${result.number} rejected`);
    });
}
