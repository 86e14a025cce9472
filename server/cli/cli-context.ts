// What a command needs from the outside world. The API client is loaded and made on first use:
// checks that fail before any request never read the token, and `--help` stays quick.
import { readCliSettings } from "./cli-settings";
import type { SetpointApi } from "./setpoint-client";

export type CliContext = {
  api(): Promise<SetpointApi>;
  print(text: string): void;
  now(): Date;
};

export function createCliContext(): CliContext {
  let api: Promise<SetpointApi> | null = null;
  return {
    api: () => (api ??= import("./setpoint-client").then(({ createSetpointApi }) => createSetpointApi(readCliSettings()))),
    print: (text) => void process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    now: () => new Date(),
  };
}
