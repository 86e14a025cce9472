// Idle runners start queued work within milliseconds of its NOTIFY, and send a new outbox row as soon; the
// runner holding a goal hears at once that a person asked it to pause or cancel. All also poll slowly, so a
// lost notification costs that poll. One connection listens for the three.
import { listenToChannel } from "../db/listen-channel";
import { GOAL_REQUEST_CHANNEL, QUEUE_CHANNEL } from "../events/record-event";
import { OUTBOX_CHANNEL } from "../notifications/notify-outbox";

// request: a goal's id, or null after a (re)connect (any held goal's request may have been missed).
export type WorkWakers = { queue: () => void; outbox: () => void; request: (goalId: string | null) => void };

export function listenForWork(url: string, wake: WorkWakers, log: (line: string) => void): () => Promise<void> {
  return listenToChannel(url, [QUEUE_CHANNEL, OUTBOX_CHANNEL, GOAL_REQUEST_CHANNEL], {
    onNotification: (payload, channel) => {
      if (channel === OUTBOX_CHANNEL) wake.outbox();
      else if (channel === GOAL_REQUEST_CHANNEL) wake.request(payload);
      else wake.queue();
    },
    // After a (re)connect, anything queued, enqueued or asked while we were not listening.
    onConnected: () => {
      wake.queue();
      wake.outbox();
      wake.request(null);
    },
    log,
  });
}
