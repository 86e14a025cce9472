// `pause NAME`: stop starting new iterations until resumed.
import type { Command } from "commander";
import type { CliContext } from "../cli-context";

export function registerPause(program: Command, context: CliContext): void {
  program
    .command("pause")
    .description("stop starting new iterations until resumed")
    .argument("<name>", "the goal's name")
    .action(async (name: string) => {
      const goal = await (await context.api()).pause(name);
      context.print(`goal.setpoint.dev/${goal.metadata.name} paused (phase ${goal.status.phase})`);
    });
}
