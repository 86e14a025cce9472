// `approve NAME [--iteration N]`: lets an iteration waiting for approval be accepted; without
// --iteration, the goal's only waiting one (the server refuses, listing them, when several wait).
// --candidate K keeps candidate K of a best-of-N iteration instead of the automatic best.
import type { Command } from "commander";
import type { CliContext } from "../cli-context";
import { parseCandidateNumber, parseGoalName, parseIterationNumber } from "../parse-options";

export function registerApprove(program: Command, context: CliContext): void {
  program
    .command("approve")
    .description("approve an iteration that awaits approval")
    .argument("<name>", "the goal's name")
    .option("--iteration <n>", "the iteration to approve (default: the one waiting, when only one waits)")
    .option("--comment <text>", "a note kept with the approval")
    .option("--candidate <k>", "keep this candidate instead of the automatic best (best of N)")
    .action(async (name: string, options: { iteration?: string; comment?: string; candidate?: string }) => {
      await parseGoalName(name);
      const iteration = options.iteration === undefined ? undefined : parseIterationNumber(options.iteration);
      const candidate = options.candidate === undefined ? undefined : parseCandidateNumber(options.candidate);
      const result = await (await context.api()).approve(name, iteration, options.comment, candidate);
      const kept = candidate === undefined ? "" : ` with candidate ${candidate}`;
      context.print(`goal.setpoint.dev/${name} iteration ${result.number} approved${kept}`);
    });
}
