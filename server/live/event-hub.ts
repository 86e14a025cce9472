// One LISTEN connection per web process, fanned out to every open live stream (browsers hold one
// stream per tab), so a thousand viewers cost Postgres one connection.
import { listenToChannel } from "../db/listen-channel";
import { databaseUrl } from "../db/database-url";
import { EVENTS_CHANNEL } from "../events/record-event";
import { parseLiveEvent, RESYNC, type LiveEvent } from "./live-event";

type Subscriber = (event: LiveEvent) => void;

const state = globalThis as unknown as { setpointEventHub?: { subscribers: Set<Subscriber>; stop?: () => Promise<void>; connectedOnce: boolean } };

function hub() {
  state.setpointEventHub ??= { subscribers: new Set(), connectedOnce: false };
  return state.setpointEventHub;
}

export function subscribeToEvents(subscriber: Subscriber): () => void {
  const current = hub();
  current.subscribers.add(subscriber);
  current.stop ??= listenToChannel(databaseUrl(), EVENTS_CHANNEL, {
    onNotification: (payload) => {
      const event = parseLiveEvent(payload);
      if (event) for (const each of current.subscribers) each(event);
    },
    onConnected: () => {
      // A reconnect may have missed notifications: tell viewers to reload what they show.
      if (current.connectedOnce) for (const each of current.subscribers) each(RESYNC);
      current.connectedOnce = true;
    },
    log: (line) => console.warn(`[setpoint web] ${line}`),
  });
  return () => current.subscribers.delete(subscriber);
}

// The events as an async iterable that ends when the request is aborted.
export async function* liveEvents(signal: AbortSignal | undefined): AsyncGenerator<LiveEvent> {
  const queue: LiveEvent[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = subscribeToEvents((event) => {
    // A viewer that cannot keep up gets one Resync instead of an unbounded queue.
    if (queue.length >= 1000) queue.splice(0, queue.length, RESYNC);
    else queue.push(event);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    while (!signal?.aborted) {
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener("abort", onAbort);
  }
}

// Closes the LISTEN connection (tests; the web server keeps it for its lifetime).
export async function stopEventHub(): Promise<void> {
  const current = hub();
  const stop = current.stop;
  current.stop = undefined;
  current.connectedOnce = false;
  current.subscribers.clear();
  await stop?.();
}
