// Slows password guessing: after 10 failed sign-ins for one name within 15 minutes, that name is
// refused until the window passes. Kept in the web process's memory: one web server is the usual
// set-up, and several would each allow their own 10.
const LIMIT = 10;
const WINDOW_MS = 15 * 60_000;
const MAX_NAMES = 10_000;

const failures = new Map<string, number[]>();

function recent(name: string, now: number): number[] {
  const kept = (failures.get(name) ?? []).filter((at) => now - at < WINDOW_MS);
  if (kept.length) failures.set(name, kept);
  else failures.delete(name);
  return kept;
}

export function signInBlocked(name: string, now = Date.now()): boolean {
  return recent(name, now).length >= LIMIT;
}

export function noteFailedSignIn(name: string, now = Date.now()): void {
  if (failures.size >= MAX_NAMES && !failures.has(name)) failures.delete(failures.keys().next().value!);
  failures.set(name, [...recent(name, now), now]);
}

export function noteSignedIn(name: string): void {
  failures.delete(name);
}
