// `describe goal NAME`: spec, status, conditions, iterations and recent events together.
import type { Command } from "commander";
import type { CliContext } from "../cli-context";
import { DESCRIBE_EVENT_LIMIT, DESCRIBE_NOTIFICATION_LIMIT, formatGoalDescription } from "../format/format-goal-description";
import { parseGoalName } from "../parse-options";
import { parseResource } from "./resource-names";

export function registerDescribe(program: Command, context: CliContext): void {
  program
    .command("describe")
    .description("show a goal in detail")
    .argument("<resource>", "goal")
    .argument("<name>", "the goal's name")
    .action(async (resource: string, name: string) => {
      parseResource(resource, ["goal"]);
      await parseGoalName(name);
      const api = await context.api();
      const [goal, iterations, events, budgets, notifications] = await Promise.all([
        api.getGoal(name),
        api.iterations(name),
        api.events(name, DESCRIBE_EVENT_LIMIT),
        api.budgets(name),
        api.notifications(name, DESCRIBE_NOTIFICATION_LIMIT),
      ]);
      context.print(formatGoalDescription(goal, iterations, events, budgets, context.now(), notifications));
    });
}
