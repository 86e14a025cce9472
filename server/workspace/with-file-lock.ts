// Runners on one machine share a work dir; a lock file naming its holder's pid keeps them from
// cloning or fetching into the same repository at once, and a dead holder's lock is taken over.
import { link, open, readFile, rename, rm, stat } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { processAlive } from "../process/process-alive";

const POLL_MS = 100;
const EMPTY_LOCK_STALE_MS = 10_000; // a holder killed between creating the file and writing its pid

export async function withFileLock<T>(lockPath: string, action: () => Promise<T>, timeoutMs = 15 * 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!(await tryAcquire(lockPath))) {
    if (await takeOverIfHolderDead(lockPath)) continue;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for lock ${lockPath} (held by pid ${await holderPid(lockPath)})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * (0.5 + Math.random())));
  }
  try {
    return await action();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function tryAcquire(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, "wx");
    try {
      await handle.writeFile(`${process.pid}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

// Renaming the lock aside is atomic, so only one waiter takes over; if what it moved turns out to be
// a live holder's lock (a newer one), it is linked back in place.
async function takeOverIfHolderDead(lockPath: string): Promise<boolean> {
  const pid = await holderPid(lockPath);
  const dead = pid === undefined ? await isOlderThan(lockPath, EMPTY_LOCK_STALE_MS) : !processAlive(pid);
  if (!dead) return false;
  const aside = `${lockPath}.stale-${randomBytes(6).toString("hex")}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return false; // someone else moved it first
  }
  const movedPid = await holderPid(aside);
  if (movedPid !== undefined && movedPid !== pid && processAlive(movedPid)) await link(aside, lockPath).catch(() => {});
  await rm(aside, { force: true });
  return true;
}

// undefined while the file is missing or its holder has not yet written its pid.
async function holderPid(lockPath: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(lockPath, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function isOlderThan(file: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(file)).mtimeMs > ms;
  } catch {
    return false;
  }
}
