// Who runs a goal's commands. A runner running as root runs every command it starts on a goal's behalf
// (setup, agent, layers, reviewer, resync) as an unprivileged user, so what an agent runs cannot read
// the installation's credentials (root's 0600 files) or Postgres's data. A runner that is not root has
// nobody to switch to: the commands run as the runner's own user and can act as the installation.
import { execCommand } from "../process/exec-command";
import type { RunCommand } from "../process/run-command";
import type { RunAs } from "../process/spawn-child";

export type AgentUser = RunAs & { name: string };

export const DEFAULT_AGENT_USER = "setpoint-agent";
const FALLBACK_USER = "nobody";
// getent, useradd and userdel from the system's own folders, whatever PATH the runner was given.
const SYSTEM_PATH = { ...process.env, PATH: "/usr/sbin:/usr/bin:/sbin:/bin" };

// Whether a runner in this process runs the goals' commands as another user than itself.
export function isolatesAgents(): boolean {
  return process.getuid?.() === 0;
}

// One user for commands: SETPOINT_AGENT_USER (a name or uid), else `setpoint-agent`, created when missing,
// else `nobody`. Null when the runner is not root. A runner asks only with SETPOINT_AGENT_USER set (each
// goal has a user of its own otherwise: goal-user.ts). `note` hears what was chosen on the way and why. `run`
// runs getent and useradd (the runner's: runCommand, through the spawn helper).
export async function resolveAgentUser(
  note: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
  run: RunCommand = execCommand,
): Promise<AgentUser | null> {
  const asked = env.SETPOINT_AGENT_USER?.trim();
  if (!isolatesAgents()) {
    if (asked)
      throw new Error(
        `SETPOINT_AGENT_USER=${asked} needs the runner to run as root (only root can switch to another user): unset it, or start the runner as root`,
      );
    return null;
  }
  if (asked) {
    const user = (await lookUpUser(asked, run)) ?? (/^\d+$/.test(asked) ? { name: asked, uid: Number(asked), gid: Number(asked) } : null);
    if (!user) throw new Error(`SETPOINT_AGENT_USER=${asked}: no such user; expected a user name or a uid (getent passwd ${asked} finds nothing)`);
    return notRoot(user, "SETPOINT_AGENT_USER");
  }
  const existing = await lookUpUser(DEFAULT_AGENT_USER, run);
  if (existing) return notRoot(existing, `the user ${DEFAULT_AGENT_USER}`);
  const failure = await createSystemUser(DEFAULT_AGENT_USER, run);
  // Another runner starting at the same moment may have created it first.
  const created = await lookUpUser(DEFAULT_AGENT_USER, run);
  if (created) {
    if (!failure) note(`created the system user ${DEFAULT_AGENT_USER} (uid ${created.uid}): the goals' commands run as it`);
    return notRoot(created, `the user ${DEFAULT_AGENT_USER}`);
  }
  const fallback = await lookUpUser(FALLBACK_USER, run);
  if (!fallback)
    throw new Error(
      `cannot run the goals' commands as an unprivileged user: creating ${DEFAULT_AGENT_USER} failed (${failure}) and there is no user ${FALLBACK_USER}; create one and set SETPOINT_AGENT_USER`,
    );
  note(
    `could not create the system user ${DEFAULT_AGENT_USER} (${failure}): the goals' commands run as ${FALLBACK_USER} instead; better, create a user for them alone (useradd --system --user-group --no-create-home --shell /usr/sbin/nologin ${DEFAULT_AGENT_USER}) or set SETPOINT_AGENT_USER`,
  );
  return notRoot(fallback, `the user ${FALLBACK_USER}`);
}

export function notRoot(user: AgentUser, source: string): AgentUser {
  if (user.uid === 0) throw new Error(`${source} is ${user.name} (uid 0): the goals' commands must not run as root; name an unprivileged user`);
  if (user.gid === 0)
    throw new Error(
      `${source} is ${user.name}, whose group is root (gid 0): the goals' commands must not run in root's group; name a user with a group of its own`,
    );
  return user;
}

// A user by name or uid; null when there is none.
export async function lookUpUser(nameOrUid: string, run: RunCommand = execCommand): Promise<AgentUser | null> {
  // A getent that cannot start must not read as "no such user": the user would be made again, or said missing.
  const found = await run("getent", ["passwd", nameOrUid], SYSTEM_PATH).catch((error: Error) => {
    throw new Error(`getent could not start to look up the user ${nameOrUid} (${error.message}); it comes with the system's C library (Debian: libc-bin)`);
  });
  return found.code === 0 ? passwdEntry(found.stdout) : null; // getent exits 2 for an unknown user
}

function passwdEntry(line: string): AgentUser {
  const [name, , uid, gid] = line.trim().split(":");
  return { name, uid: Number(uid), gid: Number(gid) };
}

// A user group of its own: no other agent user is in it. Every goal has a user of its own: the system range
// (about 900 ids) would run out long before the goals do, so agents' users and groups take ids from a range of
// their own, far from people's and the system's.
const AGENT_ID_RANGE = ["SYS_UID_MIN=4000000", "SYS_UID_MAX=4999999", "SYS_GID_MIN=4000000", "SYS_GID_MAX=4999999"].flatMap((setting) => ["-K", setting]);

const USERADD = ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", ...AGENT_ID_RANGE];

// Why making it failed, in a line; null when it worked.
export function createSystemUser(name: string, run: RunCommand = execCommand): Promise<string | null> {
  return systemCommandFailure(run, "useradd", [...USERADD, name]);
}

// Why a command that changes users (useradd, userdel) failed, in a line; null when it worked.
export async function systemCommandFailure(run: RunCommand, file: string, args: string[]): Promise<string | null> {
  try {
    const done = await run(file, args, SYSTEM_PATH);
    return done.code === 0 ? null : done.stderr.trim() || `${file} exited ${done.code ?? "on a signal"}`;
  } catch (error) {
    return (error as Error).message; // the command is not there
  }
}
