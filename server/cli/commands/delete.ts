// `delete goal NAME`: removes the goal and its history.
import type { Command } from "commander";
import type { CliContext } from "../cli-context";
import { parseGoalName } from "../parse-options";
import { parseResource } from "./resource-names";

export function registerDelete(program: Command, context: CliContext): void {
  program
    .command("delete")
    .description("delete a goal")
    .argument("<resource>", "goal")
    .argument("<name>", "the goal's name")
    .action(async (resource: string, name: string) => {
      parseResource(resource, ["goal"]);
      await parseGoalName(name);
      const result = await (await context.api()).deleteGoal(name);
      context.print(`goal.setpoint.dev/${result.name} deleted`);
    });
}
