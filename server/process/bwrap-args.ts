// The bubblewrap command line for `sandbox: bwrap`: the whole file system read-only, the worktree (and
// only it) writable, a private /tmp, no capabilities even for root (who could remount / otherwise), its
// own PID namespace (the runner's processes and their environments are not visible, and everything the
// command started dies with it), and no network unless the goal allows it.
export type Sandbox = {
  network: boolean;
  writable: string[]; // bound read-write at the same path: the worktree
  readable?: string[]; // bound read-only at the same path, for what lives in the private /tmp (the prompt file)
};

export const BWRAP = "bwrap";

export function bwrapArgs(sandbox: Sandbox, cwd: string, argv: string[]): string[] {
  const binds = (flag: string, paths: string[]) => paths.flatMap((each) => [flag, each, each]);
  return [
    "--ro-bind", "/", "/",
    "--dev", "/dev",
    "--proc", "/proc",
    "--tmpfs", "/tmp",
    // After the tmpfs, so a worktree or prompt folder under /tmp is bound over it.
    ...binds("--ro-bind", sandbox.readable ?? []),
    ...binds("--bind", sandbox.writable),
    "--setenv", "TMPDIR", "/tmp",
    "--unshare-pid",
    "--unshare-ipc",
    ...(sandbox.network ? [] : ["--unshare-net"]),
    "--cap-drop", "ALL",
    "--die-with-parent",
    "--chdir", cwd,
    "--",
    ...argv,
  ];
}
