// `cancel NAME`: stop the goal for good (it ends Cancelled).
import type { Command } from "commander";
import type { CliContext } from "../cli-context";

export function registerCancel(program: Command, context: CliContext): void {
  program
    .command("cancel")
    .description("stop the goal for good (it ends Cancelled)")
    .argument("<name>", "the goal's name")
    .action(async (name: string) => {
      const goal = await (await context.api()).cancel(name);
      context.print(`goal.setpoint.dev/${goal.metadata.name} cancelled (phase ${goal.status.phase})`);
    });
}
