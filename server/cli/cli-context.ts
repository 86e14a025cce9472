// What a command needs from the outside world. The API client is loaded and made on first use:
// checks that fail before any request never read the token, and `--help` stays quick.
import { createInterface } from "node:readline/promises";
import { readCliSettings } from "./cli-settings";
import type { SetpointApi } from "./setpoint-client";

export type CliContext = {
  api(): Promise<SetpointApi>;
  print(text: string): void;
  now(): Date;
  // A question for the person at the terminal, and their answer; null when there is no terminal to ask on.
  ask?(question: string): Promise<string | null>;
};

export function createCliContext(): CliContext {
  let api: Promise<SetpointApi> | null = null;
  return {
    api: () => (api ??= import("./setpoint-client").then(({ createSetpointApi }) => createSetpointApi(readCliSettings()))),
    print: (text) => void process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    now: () => new Date(),
    ask: askAtTerminal,
  };
}

// Asked on stderr, so stdout stays what scripts read; only when a person is there to answer.
async function askAtTerminal(question: string): Promise<string | null> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return null;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    // Ctrl-D or Ctrl-C at the prompt is a no.
    return await prompt.question(question).catch(() => "");
  } finally {
    prompt.close();
  }
}
