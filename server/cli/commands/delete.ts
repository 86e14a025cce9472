// `delete goal NAME [--force]`: removes the goal and its history. A goal that has not ended (its loop
// would stop) is deleted only after a yes at the terminal, or with --force; without a terminal to ask on,
// it is refused, saying why.
import type { Command } from "commander";
import { TERMINAL_PHASES, type Phase } from "../../loop/types";
import { CliError } from "../cli-error";
import type { CliContext } from "../cli-context";
import { parseGoalName } from "../parse-options";
import { parseResource } from "./resource-names";

export function registerDelete(program: Command, context: CliContext): void {
  program
    .command("delete")
    .description("delete a goal (one that has not ended asks first, or needs --force)")
    .argument("<resource>", "goal")
    .argument("<name>", "the goal's name")
    .option("--force", "delete a goal that has not ended without asking")
    .action(async (resource: string, name: string, options: { force?: boolean }) => {
      parseResource(resource, ["goal"]);
      await parseGoalName(name);
      const api = await context.api();
      if (!options.force) {
        const { status } = await api.getGoal(name);
        if (!TERMINAL_PHASES.includes(status.phase as Phase)) {
          const what = `goal '${name}' is ${status.phase}${status.iteration !== null ? ` (iteration ${status.iteration})` : ""}: deleting it stops its loop and removes its history`;
          const answer = (await context.ask?.(`${what}. Delete it? [y/N] `)) ?? null;
          if (answer === null) throw new CliError(`${what}; there is no terminal to ask on, so pass --force to delete it anyway`);
          // Exit 1: `delete goal x && …` must not go on as if it were gone.
          if (!/^y(es)?$/i.test(answer.trim())) throw new CliError(`goal '${name}' was not deleted: the answer was not yes`);
        }
      }
      const result = await api.deleteGoal(name);
      context.print(`goal.setpoint.dev/${result.name} deleted`);
    });
}
