// A short system command (getent, useradd, userdel) through the spawn helper, without blocking: forking the runner
// itself (a large process) costs its event loop, and so every slot, tens of milliseconds.
import { spawnChild } from "./spawn-child";

export type CommandResult = { code: number | null; stdout: string; stderr: string };
// How a system command is run: by the spawn helper (runCommand) or by the calling process (exec-command.ts).
export type RunCommand = (file: string, args: string[], env: NodeJS.ProcessEnv) => Promise<CommandResult>;

export async function runCommand(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const child = spawnChild({ file, args, cwd: "/", env, group: false, input: null }, (fd, chunk) => (fd === 1 ? out : err).push(chunk));
  const { code } = await child.exited;
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}
