// `pause|resume|cancel NAME`: steer a goal; the runner holding it acts at its next heartbeat or step.
import type { Command } from "commander";
import type { CliContext } from "../cli-context";
import { parseGoalName } from "../parse-options";

const ACTIONS = {
  pause: { done: "paused", description: "stop starting new iterations until resumed" },
  resume: { done: "resumed", description: "let a paused or ended goal run again" },
  cancel: { done: "cancelled", description: "stop the goal for good (it ends Cancelled)" },
} as const;

export function registerControl(program: Command, context: CliContext): void {
  for (const [action, { done, description }] of Object.entries(ACTIONS) as [keyof typeof ACTIONS, (typeof ACTIONS)[keyof typeof ACTIONS]][]) {
    program
      .command(action)
      .description(description)
      .argument("<name>", "the goal's name")
      .action(async (name: string) => {
        const goal = await (await context.api())[action](await parseGoalName(name));
        context.print(`goal.setpoint.dev/${goal.metadata.name} ${done} (phase ${goal.status.phase})`);
      });
  }
}
