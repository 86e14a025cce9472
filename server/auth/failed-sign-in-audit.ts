// Failed sign-ins are audit events, but a flood of them cannot fill the table. Within each 15-minute
// window a name gets one SignInFailed event whose count and last time are kept up to date, for at most
// 100 names; failures for any further names in the window are counted in one more event, without the
// names. So a window adds at most 101 rows, and an admin still sees that it happened and how often.
// Kept per web process, as the throttle is: several web processes each write their own.
import type { PrismaClient } from "../generated/prisma/client";
import { recordAudit } from "./users";

const WINDOW_MS = 15 * 60_000;
const NAMES_PER_WINDOW = 100;

type Tally = { name: string | null; count: number; firstAt: number; lastAt: number; id: bigint | null; saved: Promise<void> };
type Window = { startedAt: number; byName: Map<string, Tally>; others: Tally | null };

let window: Window = { startedAt: 0, byName: new Map(), others: null };

export async function auditFailedSignIn(db: PrismaClient, name: string, now = Date.now()): Promise<void> {
  if (now - window.startedAt >= WINDOW_MS) window = { startedAt: now, byName: new Map(), others: null };
  const tally = tallyFor(name, now);
  tally.count += 1;
  tally.lastAt = now;
  // One write at a time per tally, each with the count as it is when it runs: the last one is right.
  const saved = tally.saved.catch(() => {}).then(() => save(db, tally));
  tally.saved = saved;
  await saved;
}

function tallyFor(name: string, now: number): Tally {
  const known = window.byName.get(name);
  if (known) return known;
  const fresh = (tallied: string | null): Tally => ({ name: tallied, count: 0, firstAt: now, lastAt: now, id: null, saved: Promise.resolve() });
  if (window.byName.size < NAMES_PER_WINDOW) {
    const tally = fresh(name);
    window.byName.set(name, tally);
    return tally;
  }
  window.others ??= fresh(null);
  return window.others;
}

async function save(db: PrismaClient, tally: Tally): Promise<void> {
  const data = { ...(tally.name === null ? {} : { user: tally.name }), count: tally.count, firstAt: iso(tally.firstAt), lastAt: iso(tally.lastAt) };
  const message = describe(tally);
  // A row someone has since deleted is written afresh.
  if (tally.id !== null && (await db.event.updateMany({ where: { id: tally.id }, data: { message, data } })).count === 1) return;
  // Whoever failed is not known to be that user: the actor is nobody, the name tried is in the data.
  tally.id = await db.$transaction((tx) => recordAudit(tx, "SignInFailed", message, "anonymous", data));
}

function describe(tally: Tally): string {
  if (tally.name === null) {
    return `${tally.count} failed sign-ins as names beyond the first ${NAMES_PER_WINDOW} of this 15-minute window (names not recorded), ${iso(tally.firstAt)} to ${iso(tally.lastAt)}`;
  }
  return tally.count === 1
    ? `a sign-in as '${tally.name}' failed`
    : `${tally.count} sign-ins as '${tally.name}' failed, ${iso(tally.firstAt)} to ${iso(tally.lastAt)}`;
}

function iso(at: number): string {
  return new Date(at).toISOString();
}
