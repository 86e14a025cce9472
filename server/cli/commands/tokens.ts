// `token create|list|revoke`: API tokens for the CLI and CI (admin only). A token is shown once, and
// belongs to (acts as) the person who made it.
import type { Command } from "commander";
import { ROLES } from "../../auth/roles";
import { tokenState } from "../../auth/token-state";
import { CliError } from "../cli-error";
import type { CliContext } from "../cli-context";
import { formatAge } from "../format/format-age";
import { formatTable } from "../format/format-table";

export function registerTokens(program: Command, context: CliContext): void {
  const token = program.command("token").description("manage API tokens (admin only)");
  token
    .command("create")
    .description("create a token; it is printed once and stored only as a hash")
    .argument("<name>", "what the token is for, e.g. ci; it acts as you, and events name it beside you")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
    .option("--expires <days>", "days until it expires, or 'never'", "90")
    .action(async (name: string, options: { role: string; expires: string }) => {
      const created = await (await context.api()).createToken(name, options.role, parseExpiry(options.expires));
      context.print(
        `token ${created.name} created with role ${created.role}, ${created.expiresAt ? `expiring ${created.expiresAt}` : "never expiring"}; it acts as ${created.owner}`,
      );
      context.print(created.token);
      context.print("(shown once: use it as SETPOINT_TOKEN or 'Authorization: Bearer <token>')");
    });
  token
    .command("list")
    .description("list tokens (never their values)")
    .action(async () => {
      const tokens = await (await context.api()).listTokens();
      const now = context.now();
      context.print(
        formatTable(
          ["NAME", "ROLE", "STATE", "EXPIRES", "LAST USED", "OWNER", "ID"],
          tokens.map((row) => [
            row.name,
            row.role,
            tokenState(row, now),
            row.expiresAt ? String(row.expiresAt).slice(0, 10) : "never",
            row.lastUsedAt ? `${formatAge(String(row.lastUsedAt), now)} ago` : "-",
            row.owner ?? "(nobody)",
            row.id,
          ]),
        ),
      );
    });
  token
    .command("revoke")
    .description("revoke every live token of this name, or the one with this id")
    .argument("<name-or-id>", "a token's name or id (see token list)")
    .action(async (nameOrId: string) => {
      const result = await (await context.api()).revokeToken(nameOrId);
      context.print(`revoked ${result.revoked} token${result.revoked === 1 ? "" : "s"}`);
    });
}

function parseExpiry(text: string): number | null {
  if (text === "never") return null;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new CliError(`--expires: must be a number of days from 1 to 3650, or 'never' (got '${text}')`);
  return days;
}
