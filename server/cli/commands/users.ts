// `user add|list|set-role|passwd|remove` and `whoami`: people who sign in to the dashboard (admin only).
import type { Command } from "commander";
import { ROLES } from "../../auth/roles";
import type { CliContext } from "../cli-context";
import { formatAge } from "../format/format-age";
import { formatTable } from "../format/format-table";
import { readHiddenInput } from "../read-stdin";

export function registerUsers(program: Command, context: CliContext): void {
  const user = program.command("user").description(`manage dashboard users (admin only); roles: ${ROLES.join(", ")}`);
  user
    .command("add")
    .description("add a user; prints a generated password unless --password-stdin")
    .argument("<name>", "the user's name")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
    .option("--password-stdin", "read the password from standard input (or a prompt that does not echo)")
    .action(async (name: string, options: { role: string; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readHiddenInput("password") : undefined;
      const added = await (await context.api()).addUser(name, options.role, password);
      context.print(`user ${added.name} added with role ${added.role}`);
      if (added.password) context.print(`password: ${added.password}   (shown once; they sign in at /sign-in)`);
    });
  user
    .command("list")
    .description("list users")
    .action(async () => {
      const users = await (await context.api()).listUsers();
      const now = context.now();
      context.print(
        formatTable(
          ["NAME", "ROLE", "SESSIONS", "AGE"],
          users.map((row) => [row.name, row.role + (row.disabled ? " (disabled)" : ""), String(row.sessions), formatAge(String(row.createdAt), now)]),
        ),
      );
    });
  user
    .command("set-role")
    .description("change a user's role")
    .argument("<name>", "the user's name")
    .argument("<role>", `one of ${ROLES.join(", ")}`)
    .action(async (name: string, role: string) => {
      const changed = await (await context.api()).setUserRole(name, role);
      context.print(`user ${changed.name} now has role ${changed.role}`);
      if (changed.revokedTokens.length) context.print(`revoked their tokens the new role does not cover: ${changed.revokedTokens.join(", ")}`);
    });
  user
    .command("passwd")
    .description("set a new password (ends the user's sessions); prints a generated one unless --password-stdin")
    .argument("<name>", "the user's name")
    .option("--password-stdin", "read the password from standard input (or a prompt that does not echo)")
    .action(async (name: string, options: { passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readHiddenInput("password") : undefined;
      const changed = await (await context.api()).setUserPassword(name, password);
      context.print(`user ${changed.name} has a new password; their sessions ended`);
      if (changed.password) context.print(`password: ${changed.password}   (shown once)`);
    });
  user
    .command("remove")
    .description("remove a user, ending their sessions and deleting their tokens")
    .argument("<name>", "the user's name")
    .action(async (name: string) => {
      const removed = await (await context.api()).removeUser(name);
      context.print(
        `user ${name} removed${removed.removedTokens ? `, with their ${removed.removedTokens} live token${removed.removedTokens === 1 ? "" : "s"}` : ""}`,
      );
    });
  program
    .command("whoami")
    .description("who the CLI's token signs in as, and its role")
    .action(async () => {
      const me = await (await context.api()).whoami();
      context.print(
        `${me.name} (${me.role}, by ${me.via === "token" ? (me.token && me.token !== me.name ? `API token '${me.token}'` : "API token") : "session"})`,
      );
    });
}
