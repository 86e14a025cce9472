// A value given on standard input (a password, a secret), so it stays out of shell history and `ps`.
import { CliError } from "./cli-error";

const MAX_BYTES = 1024 * 1024;

export async function readStdin(what: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  if ((stdin as { isTTY?: boolean }).isTTY) throw new CliError(`give the ${what} on standard input, e.g. 'printf %s "$VALUE" | npx setpoint …'`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_BYTES) throw new CliError(`the ${what} on standard input is over 1 MiB`);
    chunks.push(Buffer.from(chunk as Buffer));
  }
  // One trailing newline is how `echo` and files end; it is not part of the value.
  const text = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  if (!text) throw new CliError(`standard input is empty: give the ${what} there`);
  return text;
}
