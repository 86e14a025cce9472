// Commands a goal runs without bwrap (setup, agent, layers) start as PID 1 of a PID namespace of their own
// (util-linux `unshare`), where the machine allows it: when the command exits, the kernel kills everything
// it left running, including a process that left its process group (setsid), which the spawn helper's
// group kill cannot reach. bwrap does the same for sandboxed commands (--unshare-pid). A user who is not
// root needs unprivileged user namespaces for it: its own uid is mapped to itself, so files stay its own.
import fs from "node:fs";
import { spawnChild, type RunAs } from "./spawn-child";

const UNSHARE_PATHS = ["/usr/bin/unshare", "/bin/unshare"];

export type PidNamespace = { wrap: (argv: string[]) => string[] } | { problem: string };

// Whether `privileged`: root starting the command as itself; anyone else must make a user namespace first.
export function pidNamespaceArgs(unshare: string, privileged: boolean, argv: string[]): string[] {
  return [unshare, ...(privileged ? [] : ["--user", "--map-current-user"]), "--pid", "--fork", "--kill-child", "--mount-proc", "--", ...argv];
}

const probed = new Map<string, Promise<PidNamespace>>();

// Probed once per identity (the runner's own, or its agent user's) and remembered for the process's life.
export function pidNamespaceFor(user: RunAs | undefined): Promise<PidNamespace> {
  const key = user ? `${user.uid}:${user.gid}` : "self";
  let answer = probed.get(key);
  if (!answer) {
    answer = probe(user);
    probed.set(key, answer);
  }
  return answer;
}

async function probe(user: RunAs | undefined): Promise<PidNamespace> {
  const unshare = UNSHARE_PATHS.find((file) => fs.existsSync(file));
  if (!unshare) return { problem: "util-linux's unshare is not installed (apt-get install util-linux)" };
  const privileged = !user && process.getuid?.() === 0;
  const wrap = (argv: string[]) => pidNamespaceArgs(unshare, privileged, argv);
  const [file, ...args] = wrap(["/bin/sh", "-c", "exit 0"]);
  const output: Buffer[] = [];
  try {
    const exit = await spawnChild(
      { file, args, cwd: "/", env: { PATH: "/usr/bin:/bin" } as unknown as NodeJS.ProcessEnv, group: true, input: null, user },
      (_fd, chunk) => output.push(chunk),
    ).exited;
    if (exit.code === 0) return { wrap };
  } catch (error) {
    return { problem: `unshare could not start (${(error as Error).message})` };
  }
  const said = Buffer.concat(output).toString("utf8").trim().split("\n").at(-1) ?? "";
  return {
    problem: `unshare cannot make a PID namespace${privileged ? "" : " for an unprivileged user"}${said ? ` (${said})` : ""}: enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1 and user.max_user_namespaces above 0; on Ubuntu also kernel.apparmor_restrict_unprivileged_userns=0), or use sandbox: bwrap`,
  };
}
