// The tail of a running iteration's output (the agent's, each layer's), kept in LiveOutput for the
// iteration page to poll: at most one UPSERT per stream per interval, never a NOTIFY (it takes a global lock).
import type { PrismaClient } from "../generated/prisma/client";
import { CappedBuffer, OUTPUT_LIMIT_BYTES } from "../process/capped-buffer";
import type { Lease } from "../queue/lease";
import type { Mask } from "../secrets/mask-secrets";

// The same tail as the stored output, so what a viewer sees live is what the iteration page shows after.
export const LIVE_TAIL_BYTES = OUTPUT_LIMIT_BYTES;
export const LIVE_WRITE_INTERVAL_MS = 1000;
// A command that is over sooner than this, silently, is never written: most checks are, and each write is a
// round trip the loop waits behind. Anything longer shows as running well within a viewer's poll.
export const LIVE_START_DELAY_MS = 250;

export type WriteStream = (stream: string, text: string) => Promise<unknown>;

// One statement, fenced: it writes only while this lease holds the goal and the iteration still runs.
// FOR SHARE makes a takeover wait for the write (and the write see the new epoch), so no stale row lands
// after the new holder cleaned up.
export async function writeLiveOutput(db: PrismaClient, lease: Lease, iterationId: string, stream: string, text: string): Promise<boolean> {
  const written = await db.$executeRaw`
    INSERT INTO "LiveOutput" ("iterationId", "stream", "text", "updatedAt")
    SELECT ${iterationId}::uuid, ${stream}, ${text}, timezone('UTC', now())
    WHERE EXISTS (
      SELECT 1 FROM "Goal" WHERE id = ${lease.goalId}::uuid AND "leaseEpoch" = ${lease.epoch} AND "leaseOwner" = ${lease.owner} FOR SHARE
    ) AND EXISTS (SELECT 1 FROM "Iteration" WHERE id = ${iterationId}::uuid AND phase = 'Running')
    ON CONFLICT ("iterationId", "stream") DO UPDATE SET "text" = EXCLUDED."text", "updatedAt" = EXCLUDED."updatedAt"`;
  return written > 0;
}

type StreamState = {
  tail: CappedBuffer;
  dirty: boolean;
  lastWriteAt: number;
  timer: NodeJS.Timeout | null;
  writing: Promise<void> | null;
  ended: boolean; // write the rest as soon as the write under way is done
  failures: number;
};

// Keeps each stream's tail in memory and writes it behind a per-stream throttle. Writes of one stream
// never overlap, so an older tail cannot overwrite a newer one. A failed write is logged and skipped.
export class LiveOutputWriter {
  private readonly streams = new Map<string, StreamState>();
  private closed = false;

  constructor(
    private readonly write: WriteStream,
    private readonly log: (line: string) => void,
    private readonly intervalMs = LIVE_WRITE_INTERVAL_MS,
    private readonly tailBytes = LIVE_TAIL_BYTES,
    private readonly startDelayMs = LIVE_START_DELAY_MS,
  ) {}

  // A stream that begins shows soon, empty, so a viewer sees what is running before it prints.
  start(stream: string): void {
    const state = this.state(stream);
    if (!state) return;
    state.dirty = true;
    state.ended = false;
    this.schedule(stream, state, this.startDelayMs);
  }

  append(stream: string, chunk: string): void {
    const state = this.state(stream);
    if (!state || chunk.length === 0) return;
    state.tail.push(Buffer.from(chunk, "utf8"));
    state.dirty = true;
    this.schedule(stream, state, Math.max(0, state.lastWriteAt + this.intervalMs - Date.now()));
  }

  // The stream's process ended: write what is left now, not a second later.
  end(stream: string): void {
    const state = this.streams.get(stream);
    if (!state || this.closed) return;
    state.ended = true;
    if (state.lastWriteAt === 0 && state.tail.empty && !state.writing) {
      // Over before it was ever shown, and silent: nothing to show.
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
      state.dirty = false;
      return;
    }
    this.schedule(stream, state, 0);
  }

  // Before the iteration is recorded: cancel what is scheduled and wait for writes under way, so no
  // write lands after the record (which deletes these rows).
  async close(): Promise<void> {
    this.closed = true;
    for (const state of this.streams.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
    }
    await Promise.all([...this.streams.values()].map((state) => state.writing));
  }

  // Whether any write was tried (a failed one may still have landed): the rows to clean up after.
  get wrote(): boolean {
    return [...this.streams.values()].some((state) => state.lastWriteAt > 0);
  }

  private state(stream: string): StreamState | null {
    if (this.closed) return null;
    let state = this.streams.get(stream);
    if (!state) {
      state = { tail: new CappedBuffer(this.tailBytes), dirty: false, lastWriteAt: 0, timer: null, writing: null, ended: false, failures: 0 };
      this.streams.set(stream, state);
    }
    return state;
  }

  private schedule(stream: string, state: StreamState, delayMs: number): void {
    if (state.writing) return; // the write under way reschedules when it ends
    if (state.timer) {
      if (delayMs > 0) return;
      clearTimeout(state.timer);
    }
    state.timer = setTimeout(() => this.flush(stream, state), delayMs);
    state.timer.unref();
  }

  private flush(stream: string, state: StreamState): void {
    state.timer = null;
    if (this.closed || !state.dirty) return;
    state.dirty = false;
    state.lastWriteAt = Date.now();
    state.writing = this.write(stream, state.tail.toString())
      .then(
        () => undefined,
        (error: unknown) => {
          state.failures += 1;
          if (state.failures === 1) this.log(`could not write the live output of '${stream}' (the loop carries on): ${(error as Error).message}`);
        },
      )
      .finally(() => {
        state.writing = null;
        const wait = state.ended ? 0 : Math.max(0, state.lastWriteAt + this.intervalMs - Date.now());
        if (state.dirty && !this.closed) this.schedule(stream, state, wait);
      });
  }
}

// The whole tail is masked at each write, so a secret printed across two chunks is caught too.
export function liveOutputWriter(db: PrismaClient, lease: Lease, iterationId: string, log: (line: string) => void, mask: Mask): LiveOutputWriter {
  return new LiveOutputWriter((stream, text) => writeLiveOutput(db, lease, iterationId, stream, mask(text)), log);
}

// For a try nobody watches live (a candidate, a resync): its output is kept once it ends.
export function silentLive(log: (line: string) => void): LiveOutputWriter {
  return new LiveOutputWriter(async () => {}, log);
}
