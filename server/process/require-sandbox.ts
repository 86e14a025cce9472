// A goal that asks for `sandbox: bwrap` never runs its commands without one: before an iteration the
// runner checks that bwrap is there and can make its namespaces here, and says what to do when not.
import type { GoalSpec } from "../spec/goal-spec";
import { BWRAP, bwrapArgs, type Sandbox } from "./bwrap-args";
import { spawnChild } from "./spawn-child";

let working: Promise<string | null> | null = null;

// Null when the goal's commands can run as its spec asks; otherwise why not, in words.
export async function sandboxProblem(spec: Pick<GoalSpec, "sandbox">, runnerId: string, file = BWRAP): Promise<string | null> {
  if (spec.sandbox !== "bwrap") return null;
  // One probe per runner process once it works; a failing one is tried again (someone may install it).
  if (file === BWRAP && working) return working;
  const probe = probeBwrap(file, runnerId);
  if ((await probe) === null && file === BWRAP) working = probe;
  return probe;
}

async function probeBwrap(file: string, runnerId: string): Promise<string | null> {
  const asked = "sandbox: bwrap was asked for but";
  const output: Buffer[] = [];
  try {
    // The command line the goal's commands get, network cut too, around `true`.
    const args = bwrapArgs({ network: false, writable: [] }, "/", ["true"]);
    const exit = await spawnChild({ file, args, cwd: "/", env: process.env, group: true, input: null }, (_fd, chunk) => output.push(chunk)).exited;
    if (exit.code === 0) return null;
    const said = Buffer.concat(output).toString("utf8").trim().split("\n").at(-1) ?? "";
    return `${asked} bwrap cannot run on runner ${runnerId}${said ? ` (${said})` : ""}: it needs unprivileged user namespaces, or a runner running as root`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return `${asked} bwrap is not installed on runner ${runnerId}: apt-get install bubblewrap`;
  }
}

// The sandbox a goal's commands run in, with its worktree the one writable folder; none unless asked for.
export function sandboxFor(spec: Pick<GoalSpec, "sandbox" | "network">, worktree: string): Sandbox | undefined {
  return spec.sandbox === "bwrap" ? { network: spec.network, writable: [worktree] } : undefined;
}
