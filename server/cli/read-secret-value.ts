// A secret's value for `secret set`: from stdin (piped, or typed at a prompt that does not echo), or
// from a named variable of the CLI's environment. Never an argument: those show in `ps` and shell history.
import { CliError } from "./cli-error";

export async function readSecretValue(fromEnv: string | undefined): Promise<string> {
  if (fromEnv !== undefined) {
    const value = process.env[fromEnv];
    if (value === undefined || value === "") throw new CliError(`--from-env ${fromEnv}: that variable is not set (or empty) in this shell`);
    return value;
  }
  const value = process.stdin.isTTY ? await promptHidden("value (not shown; Enter to finish): ") : withoutFinalNewline(await readAll());
  if (value === "") throw new CliError("the secret's value is empty: pipe it on stdin (printf %s \"$TOKEN\" | setpoint secret set GOAL NAME) or use --from-env VAR");
  return value;
}

// `echo $TOKEN |` adds a newline that is not part of the token; a value that needs one can use --from-env.
function withoutFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, "");
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    let value = "";
    const done = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n" || char === "\u0004") return done();
        if (char === "\u0003") return done(new CliError("cancelled; no secret was set"));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on("data", onData);
    stdin.resume();
  });
}
