// The bubblewrap command line for `sandbox: bwrap`: the whole file system read-only, the worktree (and
// only it) writable but for its .git, a private /tmp, no capabilities even for root (who could remount /
// otherwise), its own PID namespace (the runner's processes and their environments are not visible, and
// everything the command started dies with it), and no network unless the goal allows it.
export type Sandbox = {
  network: boolean;
  writable: string[]; // bound read-write at the same path: the worktree
  // Bound read-only at the same path, over the writable ones: what lives in the private /tmp (the prompt
  // file), and the worktree's .git, which the command can neither edit, replace nor delete.
  readable?: string[];
  hidden?: string[]; // an empty tmpfs in their place: the data folder, which the runner's own user could read
};

export const BWRAP = "bwrap";

export function bwrapArgs(sandbox: Sandbox, cwd: string, argv: string[]): string[] {
  const binds = (flag: string, paths: string[]) => paths.flatMap((each) => [flag, each, each]);
  return [
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    "--tmpfs",
    "/tmp",
    ...(sandbox.hidden ?? []).flatMap((each) => ["--tmpfs", each]),
    // After the tmpfs, so a worktree or prompt folder under /tmp (or the hidden data folder) is bound over it;
    // read-only after writable, so a read-only path inside the worktree stays read-only.
    ...binds("--bind", sandbox.writable),
    ...binds("--ro-bind", sandbox.readable ?? []),
    "--setenv",
    "TMPDIR",
    "/tmp",
    "--unshare-pid",
    "--unshare-ipc",
    ...(sandbox.network ? [] : ["--unshare-net"]),
    "--cap-drop",
    "ALL",
    "--die-with-parent",
    "--chdir",
    cwd,
    "--",
    ...argv,
  ];
}
