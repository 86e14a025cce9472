// A short system command (getent, useradd, userdel) forked from this process itself, without blocking it. For
// processes that cannot start the spawn helper (the web server: Turbopack cannot trace the helper's fork) or
// that are small enough to fork cheaply (tests, benchmarks); the runner passes runCommand (run-command.ts).
import { execFile } from "node:child_process";
import type { CommandResult } from "./run-command";

// Rejects only when the command could not start (not there, say), as runCommand does.
export function execCommand(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd: "/", env, encoding: "utf8" }, (error, stdout, stderr) => {
      // A string code (ENOENT and the like): nothing ran.
      if (typeof error?.code === "string") reject(error);
      else resolve({ code: error ? (error.code ?? null) : 0, stdout, stderr });
    });
  });
}
