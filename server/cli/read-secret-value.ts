// A secret's value for `secret set`: from stdin (piped, or typed at a prompt that does not echo), or
// from a named variable of the CLI's environment. Never an argument: those show in `ps` and shell history.
import { CliError } from "./cli-error";
import { readHiddenInput } from "./read-stdin";

export async function readSecretValue(fromEnv: string | undefined): Promise<string> {
  if (fromEnv !== undefined) {
    const value = process.env[fromEnv];
    if (value === undefined || value === "") throw new CliError(`--from-env ${fromEnv}: that variable is not set (or empty) in this shell`);
    return value;
  }
  const value = await readHiddenInput("value");
  if (value === "")
    throw new CliError('the secret\'s value is empty: pipe it on stdin (printf %s "$TOKEN" | setpoint secret set GOAL NAME) or use --from-env VAR');
  return value;
}
