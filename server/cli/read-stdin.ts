// A value that must stay out of shell history and `ps` (a password, a secret): piped on standard
// input, or typed at a prompt that does not echo.
import { CliError } from "./cli-error";

const MAX_BYTES = 1024 * 1024;

export async function readHiddenInput(what: string): Promise<string> {
  return process.stdin.isTTY ? promptHidden(`${what} (not shown; Enter to finish): `) : withoutFinalNewline(await readAll());
}

// `echo $TOKEN |` adds a newline that is not part of the token; a value that needs one can use --from-env.
function withoutFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, "");
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_BYTES) throw new CliError("standard input is over 1 MiB");
    chunks.push(chunk as Buffer);
  }
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
        if (char === "\u0003") return done(new CliError("cancelled; nothing was changed"));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on("data", onData);
    stdin.resume();
  });
}
