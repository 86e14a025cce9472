// Idle runners start queued work within milliseconds of its NOTIFY, and send a new outbox row as soon;
// both also poll slowly, so a lost notification costs that poll. One connection listens for both.
import { listenToChannel } from "../db/listen-channel";
import { QUEUE_CHANNEL } from "../events/record-event";
import { OUTBOX_CHANNEL } from "../notifications/notify-outbox";

export type WorkWakers = { queue: () => void; outbox: () => void };

export function listenForWork(url: string, wake: WorkWakers, log: (line: string) => void): () => Promise<void> {
  return listenToChannel(url, [QUEUE_CHANNEL, OUTBOX_CHANNEL], {
    onNotification: (_payload, channel) => (channel === OUTBOX_CHANNEL ? wake.outbox() : wake.queue()),
    // After a (re)connect, anything queued or enqueued while we were not listening.
    onConnected: () => {
      wake.queue();
      wake.outbox();
    },
    log,
  });
}
