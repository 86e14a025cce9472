// Slows password guessing: after 10 failed sign-ins for one name within 15 minutes, that name is
// refused until the window passes. Kept in the web process's memory: one web server is the usual
// set-up, and several would each allow their own 10.
// Both maps are bounded. Failures of names that are not blocked are forgotten oldest first; a block
// lives in its own map, so failures on other names cannot flush it (filling that one takes 10 failures
// for each of 10,000 names within 15 minutes, at 32 MiB of scrypt each).
const LIMIT = 10;
const WINDOW_MS = 15 * 60_000;
const MAX_NAMES = 10_000;
const MAX_BLOCKED = 10_000;

const failures = new Map<string, number[]>();
const blockedUntil = new Map<string, number>();

export function signInBlocked(name: string, now = Date.now()): boolean {
  const until = blockedUntil.get(name);
  if (until === undefined) return false;
  if (now < until) return true;
  blockedUntil.delete(name);
  return false;
}

export function noteFailedSignIn(name: string, now = Date.now()): void {
  const kept = [...(failures.get(name) ?? []).filter((at) => now - at < WINDOW_MS), now];
  failures.delete(name); // re-inserted last: the map's order is oldest failure first
  if (kept.length < LIMIT) {
    if (failures.size >= MAX_NAMES) failures.delete(failures.keys().next().value!);
    failures.set(name, kept);
    return;
  }
  // Blocked for the rest of the window that the first of these failures opened.
  if (blockedUntil.size >= MAX_BLOCKED) blockedUntil.delete(blockedUntil.keys().next().value!);
  blockedUntil.set(name, kept[0] + WINDOW_MS);
}

export function noteSignedIn(name: string): void {
  failures.delete(name);
}
