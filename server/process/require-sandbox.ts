// A goal that asks for `sandbox: bwrap` never runs its commands without one: before an iteration the
// runner checks that bwrap is there and can make its namespaces here, as the user the goal's commands
// run as (a root runner's agent user starts bwrap itself), and says what to do when not.
import path from "node:path";
import type { GoalSpec } from "../spec/goal-spec";
import { BWRAP, type Sandbox } from "./bwrap-args";
import { probeBwrap } from "./probe-bwrap";
import { spawnChild, type RunAs } from "./spawn-child";

type Who = RunAs & { name: string };

const working = new Map<string, Promise<string | null>>();

// Null when the goal's commands can run as its spec asks; otherwise why not, in words.
export async function sandboxProblem(spec: Pick<GoalSpec, "sandbox">, runnerId: string, user: Who | null = null, file = BWRAP): Promise<string | null> {
  if (spec.sandbox !== "bwrap") return null;
  // One probe per runner process and user once it works; a failing one is tried again (someone may fix it).
  const key = user ? String(user.uid) : "self";
  if (file === BWRAP && working.has(key)) return working.get(key)!;
  const probe = probeOnRunner(file, runnerId, user);
  if ((await probe) === null && file === BWRAP) working.set(key, probe);
  return probe;
}

async function probeOnRunner(file: string, runnerId: string, user: Who | null): Promise<string | null> {
  const problem = await probeBwrap(
    file,
    `runner ${runnerId}`,
    async (command, args) => {
      const output: Buffer[] = [];
      const as = user ? { uid: user.uid, gid: user.gid } : undefined;
      const exit = await spawnChild({ file: command, args, cwd: "/", env: process.env, group: true, input: null, user: as }, (_fd, chunk) => output.push(chunk))
        .exited;
      return { code: exit.code, output: Buffer.concat(output).toString("utf8") };
    },
    user ? `${user.name} (uid ${user.uid}), the user the goals' commands run as,` : "",
  );
  return problem && `sandbox: bwrap was asked for but ${problem}`;
}

// The sandbox a goal's commands run in, with its worktree (and its home) the only folders they may write
// and `hidden` not there at all; none unless asked for. Its .git stays read-only (the admin folder it
// names is outside, so read-only too): commands can read the history but not replace or edit the
// repository under it, nor commit.
export function sandboxFor(
  spec: Pick<GoalSpec, "sandbox" | "network">,
  worktree: string,
  { home, hidden = [] }: { home?: string; hidden?: string[] } = {},
): Sandbox | undefined {
  if (spec.sandbox !== "bwrap") return undefined;
  return {
    network: spec.network,
    writable: home ? [worktree, home] : [worktree],
    readable: [path.join(worktree, ".git")],
    ...(hidden.length > 0 ? { hidden } : {}),
  };
}
