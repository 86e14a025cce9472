// `node --import tsx bench/process-floor.ts`: the ceiling the machine itself sets on the loop benchmark.
// An iteration must start a few processes whatever the control plane does: the worktree's checkout (one `git
// reset --hard` into a record written directly, as server/workspace/create-worktree.ts does), the agent's shell,
// one `git status`, the layer's shell. Here plain bash (which forks cheaply) runs exactly those, 8 loops at once
// over one repository per loop, with no Node, no database and no runner; the folders are made before and removed
// after, in one command each per loop (a runner makes and removes them without starting a process): the
// iterations per second it reaches are what any runner on this machine could reach at best. The agent's and the
// layer's shells start in a PID namespace of their own, as a runner starts them where the machine allows it
// (server/process/pid-namespace.ts: nothing a command leaves running outlives it); the same loop without that
// wrapper is reported beside it (processFloorBare…). Prints the figures and a JSON line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pidNamespaceArgs } from "../server/process/pid-namespace";
import { makeRepository } from "./bench-setup";
import { createFigures, median } from "./figures";

const LOOPS = 8;
const ITERATIONS = Number(process.env.BENCH_FLOOR_ITERATIONS ?? 40); // per loop
const ROUNDS = 3;

const { figures, record } = createFigures();

const ONE_LOOP = `
repo="$1"; work="$2"; n="$3"; shift 3   # then the wrapper the commands start in, if any
head=$(git -C "$repo" rev-parse HEAD)
mkdir -p $(for i in $(seq "$n"); do echo "$work/it-$i" "$repo/.git/worktrees/it-$i"; done)
for i in $(seq "$n"); do
  dir="$work/it-$i"; admin="$repo/.git/worktrees/it-$i"
  echo "$dir/.git" > "$admin/gitdir"; echo ../.. > "$admin/commondir"; echo "$head" > "$admin/HEAD"; echo "gitdir: $admin" > "$dir/.git"
  git --git-dir="$admin" --work-tree="$dir" reset --hard --no-recurse-submodules --quiet "$head"
  (cd "$dir" && "$@" sh -c true)                              # the agent
  git -C "$dir" status --porcelain=v2 --branch -z --untracked-files=all >/dev/null
  (cd "$dir" && "$@" sh -c true)                              # the layer
done
rm -rf "$work"/it-* "$repo/.git/worktrees"`;

const UNSHARE = "/usr/bin/unshare";

// One round: LOOPS loops at once, each over a repository of its own; iterations per second.
async function loopRate(scratch: string, name: string, wrapper: string[]): Promise<number> {
  const repos = await Promise.all(Array.from({ length: LOOPS }, (_, index) => makeRepository(path.join(scratch, `${name}-${index}`, "repo"))));
  const script = `${repos.map((repo) => `bash -c '${ONE_LOOP.replaceAll("'", "'\\''")}' loop ${repo} ${path.dirname(repo)} ${ITERATIONS} ${wrapper.join(" ")} &`).join("\n")}\nwait`;
  const started = performance.now();
  const result = spawnSync("bash", ["-c", script], { stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`the process loop failed (exit ${result.status})`);
  return (LOOPS * ITERATIONS) / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "setpoint-bench-floor-"));
  try {
    // As a root runner starts a goal's commands: as its agent user, who makes a user namespace for the PID one.
    const wrapper = fs.existsSync(UNSHARE) ? pidNamespaceArgs(UNSHARE, false, []) : [];
    // Rounds alternate, so neither kind runs on a colder or busier machine than the other.
    const bareRates: number[] = [];
    const wrappedRates: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      bareRates.push(await loopRate(scratch, `bare-${round}`, []));
      if (wrapper.length > 0) wrappedRates.push(await loopRate(scratch, `wrapped-${round}`, wrapper));
    }
    const bare = median(bareRates);
    const wrapped = wrapper.length > 0 ? median(wrappedRates) : bare;
    record(
      "processFloorIterationsPerSecond",
      wrapped,
      "it/s",
      `${LOOPS} loops × ${ITERATIONS} iterations of a worktree's checkout, sh, git status, sh, in bash${wrapper.length > 0 ? ", the shells in a PID namespace" : ""}: the best any runner could do here`,
    );
    record("processFloorMsPerIteration", 1000 / figures.processFloorIterationsPerSecond, "ms", `of the machine's ${os.cpus().length} cores, per iteration`);
    record("processFloorBareIterationsPerSecond", bare, "it/s", "the same without the PID namespaces");
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`\n${JSON.stringify({ bench: "process-floor", ...figures })}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
