// `secret set|list|delete GOAL [NAME]`: a goal's secrets, given to its commands as environment variables
// and masked (***) in everything Setpoint records. A list shows names, never values.
import type { Command } from "commander";
import type { CliContext } from "../cli-context";
import { formatAge } from "../format/format-age";
import { formatTable } from "../format/format-table";
import { readSecretValue } from "../read-secret-value";

export function registerSecret(program: Command, context: CliContext): void {
  const secret = program.command("secret").description("set, list or delete a goal's secrets (environment variables of its commands)");
  secret
    .command("set")
    .description("set a secret; the value is read from stdin (or --from-env), never from an argument")
    .argument("<goal>", "the goal's name")
    .argument("<name>", "the variable's name, e.g. API_TOKEN")
    .option("--from-env <var>", "take the value from this variable of your shell instead of stdin")
    .action(async (goal: string, name: string, options: { fromEnv?: string }) => {
      const value = await readSecretValue(options.fromEnv);
      const result = await (await context.api()).setSecret(goal, name, value);
      context.print(`secret ${result.name} ${result.created ? "set" : "changed"} on goal.setpoint.dev/${result.goal}`);
      if (!result.masked) context.print("note: values shorter than 4 characters are not masked in logs");
    });
  secret
    .command("list")
    .description("list a goal's secrets: names, when and by whom they were set")
    .argument("<goal>", "the goal's name")
    .action(async (goal: string) => {
      const secrets = await (await context.api()).listSecrets(goal);
      if (secrets.length === 0) context.print(`goal ${goal} has no secrets.`);
      else
        context.print(
          formatTable(
            ["NAME", "UPDATED", "BY"],
            secrets.map((each) => [each.name, formatAge(each.updatedAt, context.now()), each.updatedBy]),
          ),
        );
    });
  secret
    .command("delete")
    .description("delete a secret")
    .argument("<goal>", "the goal's name")
    .argument("<name>", "the secret's name")
    .action(async (goal: string, name: string) => {
      const result = await (await context.api()).deleteSecret(goal, name);
      context.print(`secret ${result.name} deleted from goal.setpoint.dev/${result.goal}`);
    });
}
