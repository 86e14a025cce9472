// Whether bubblewrap can make its sandbox on this machine, and if not why, in words. Runs the command
// line a goal's commands get (network cut too) around `true`. How it is started is the caller's: a
// runner through its spawn helper, the web server directly (it has no helper).
import { bwrapArgs } from "./bwrap-args";

export type ProbeRun = (file: string, args: string[]) => Promise<{ code: number | null; output: string }>;

// Null when bwrap works; else what is wrong, naming `where` ("runner r-1", "this server") and whom it ran as
// when that is not the caller itself.
export async function probeBwrap(file: string, where: string, run: ProbeRun, as = ""): Promise<string | null> {
  try {
    const { code, output } = await run(file, bwrapArgs({ network: false, writable: [] }, "/", ["true"]));
    if (code === 0) return null;
    const said = output.trim().split("\n").at(-1) ?? "";
    // A runner running as root starts bwrap as its unprivileged agent user: namespaces must work for such a user.
    return (
      `bwrap cannot run on ${where}${as ? ` as ${as}` : ""}${said ? ` (${said})` : ""}: it needs unprivileged user namespaces: ` +
      "enable them (sysctl kernel.unprivileged_userns_clone=1 and user.max_user_namespaces above 0; on Ubuntu also kernel.apparmor_restrict_unprivileged_userns=0), or make bwrap setuid root (chmod u+s on it)"
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return `bwrap is not installed on ${where}: apt-get install bubblewrap`;
  }
}
