// `resume NAME`: let a paused goal run again.
import type { Command } from "commander";
import type { CliContext } from "../cli-context";

export function registerResume(program: Command, context: CliContext): void {
  program
    .command("resume")
    .description("let a paused goal run again")
    .argument("<name>", "the goal's name")
    .action(async (name: string) => {
      const goal = await (await context.api()).resume(name);
      context.print(`goal.setpoint.dev/${goal.metadata.name} resumed (phase ${goal.status.phase})`);
    });
}
